import type { FastifyRequest } from 'fastify';
import { TesseraError } from '../../domain/errors.js';
import type { AccessTokenClaims, AppRecord } from '../../domain/ports.js';
import type { Runtime } from '../../runtime.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The calling application, set by `requireApp`. */
    callerApp?: AppRecord;
    /** The signed-in user's verified token claims, set by `requireUser`. */
    callerToken?: AccessTokenClaims;
  }
}

/** Resolves `x-authing-app-id` to an application (spec §2.1). */
export function requireApp(runtime: Runtime) {
  return async function resolveApp(request: FastifyRequest): Promise<void> {
    const header = request.headers['x-authing-app-id'];
    const appId = typeof header === 'string' ? header.trim() : '';
    const app = appId && appId.length <= 64 ? await runtime.store.apps.findById(appId) : undefined;
    if (!app) throw new TesseraError('APP_NOT_FOUND');
    request.callerApp = app;
  };
}

/**
 * Authenticates the user: `authorization` holds the access token raw (what the official SDKs send) or as
 * `Bearer <token>`. A token of another app, another key, `alg: none` or past its expiry is refused alike.
 */
export function requireUser(runtime: Runtime) {
  const resolveApp = requireApp(runtime);
  return async function authenticate(request: FastifyRequest): Promise<void> {
    await resolveApp(request);
    const token = extractToken(request.headers.authorization);
    if (!token) throw new TesseraError('NOT_LOGGED_IN');
    const claims = await runtime.tokens.verifyAccessToken(token, request.callerApp!.id);
    if (!claims) throw new TesseraError('INVALID_TOKEN');
    request.callerToken = claims;
  };
}

export function extractToken(header: string | undefined): string | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  const bearer = /^bearer\s+(.*)$/i.exec(value);
  return (bearer ? bearer[1]!.trim() : value) || undefined;
}

/** The verified caller of a route guarded by `requireUser`. */
export function callerOf(request: FastifyRequest): { app: AppRecord; userId: string; claims: AccessTokenClaims } {
  const app = request.callerApp;
  const claims = request.callerToken;
  if (!app || !claims) throw new Error('route is missing its requireUser guard');
  return { app, userId: claims.userId, claims };
}
