import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../../domain/audit/audit-trail.js';
import type { Caller, ClaimedCaller } from '../../domain/flows/caller.js';
import type { AuthenticateOptions } from '../../domain/flows/authenticate-caller.js';
import type { AppRecord } from '../../domain/ports.js';
import type { Services } from '../../runtime.js';
import { requestLanguage } from './request-language.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The calling application, set by `requireApp`. */
    callerApp?: AppRecord;
    /** The signed-in user (or the holder of an enrollment-only mfaToken), set by `requireUser`. */
    caller?: Caller;
    /** The caller as its verified token says, session unchecked, set by `requireToken`. */
    claimedCaller?: ClaimedCaller;
  }
}

/** onRequest hook: resolves `x-authing-app-id` to an application (spec §2.1). */
export function requireApp(services: Services) {
  return async function resolveApp(request: FastifyRequest): Promise<void> {
    request.callerApp = await services.callers.requireApp(headerOf(request, 'x-authing-app-id'));
  };
}

/**
 * onRequest hook: authenticates the user. `authorization` holds the access token raw (what the official
 * SDKs send) or as `Bearer <token>`.
 */
export function requireUser(services: Services, options: AuthenticateOptions = {}) {
  const resolveApp = requireApp(services);
  return async function authenticate(request: FastifyRequest): Promise<void> {
    await resolveApp(request);
    request.caller = await services.callers.authenticate(request.callerApp!, extractToken(request.headers.authorization), options);
  };
}

/**
 * onRequest hook of the reads that check the session themselves, in their own statement (issue 14: one
 * round trip per request): the app and the token's signature and claims only. The handler must hand
 * `claimedCallerOf(request)` to such a read (`FactorReading.getForCaller`…), never act on it otherwise.
 */
export function requireToken(services: Services, options: AuthenticateOptions = {}) {
  const resolveApp = requireApp(services);
  return async function identify(request: FastifyRequest): Promise<void> {
    await resolveApp(request);
    request.claimedCaller = await services.callers.identify(request.callerApp!, extractToken(request.headers.authorization), options);
  };
}

/** The caller of a route guarded by `requireToken`, its session still to be checked by the read. */
export function claimedCallerOf(request: FastifyRequest): ClaimedCaller {
  if (!request.claimedCaller) throw new Error('route is missing its requireToken guard');
  return request.claimedCaller;
}

/** The app of a route guarded by `requireApp`. */
export function callerAppOf(request: FastifyRequest): AppRecord {
  if (!request.callerApp) throw new Error('route is missing its requireApp guard');
  return request.callerApp;
}

/** The verified caller of a route guarded by `requireUser`. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new Error('route is missing its requireUser guard');
  return request.caller;
}

export function extractToken(header: string | undefined): string | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  const bearer = /^bearer\s+(.*)$/i.exec(value);
  return (bearer ? bearer[1]!.trim() : value) || undefined;
}

export function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** Who is calling, for the audit trail: app, client IP and user agent. Never a credential. */
export function requestContext(request: FastifyRequest): RequestContext {
  const userAgent = request.headers['user-agent'];
  return {
    appId: request.callerApp?.id ?? null,
    ip: request.ip ?? null,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 256) : null,
    language: requestLanguage(request),
  };
}
