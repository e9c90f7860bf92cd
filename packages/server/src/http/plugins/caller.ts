import type { FastifyRequest } from 'fastify';
import { TesseraError } from '../../domain/errors.js';
import type { AccessTokenClaims, AppRecord, SessionRecord } from '../../domain/ports.js';
import type { RequestContext } from '../../domain/audit/audit-trail.js';
import type { Runtime } from '../../runtime.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The calling application, set by `requireApp`. */
    callerApp?: AppRecord;
    /** The signed-in user's verified token claims, set by `requireUser`. */
    callerToken?: AccessTokenClaims;
    /**
     * The caller's live session, set by `requireUser`; null when the caller presented an enrollment-only
     * mfaToken (a 1636 answer) on a route that accepts one.
     */
    callerSession?: SessionRecord | null;
    /** The user an enrollment-only mfaToken belongs to. */
    callerEnrollmentUserId?: string;
  }
}

export interface RequireUserOptions {
  /**
   * Also accept the mfaToken of a 1636 answer (the app requires MFA and the user has no factor): only the
   * enrollment routes — send-enroll-factor-request, enroll-factor, list-factors-to-enroll,
   * list-enrolled-factors — set this. Any other route refuses it like any unknown token (AZ-04).
   */
  allowEnrollmentToken?: boolean;
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
export function requireUser(runtime: Runtime, options: RequireUserOptions = {}) {
  const resolveApp = requireApp(runtime);
  return async function authenticate(request: FastifyRequest): Promise<void> {
    await resolveApp(request);
    const token = extractToken(request.headers.authorization);
    if (!token) throw new TesseraError('NOT_LOGGED_IN');
    const claims = await runtime.tokens.verifyAccessToken(token, request.callerApp!.id);
    if (claims) {
      // A signature is not enough: the session it names must still be live (revoked at reset-factor).
      const session = await runtime.services.sessions.resolve(claims);
      if (!session) throw new TesseraError('INVALID_TOKEN');
      request.callerToken = claims;
      request.callerSession = session;
      return;
    }
    if (options.allowEnrollmentToken) {
      const challenge = await runtime.services.mfa.findChallenge(request.callerApp!, token);
      if (challenge?.kind === 'enroll') {
        request.callerSession = null;
        request.callerEnrollmentUserId = challenge.userId;
        return;
      }
    }
    throw new TesseraError('INVALID_TOKEN');
  };
}

export function extractToken(header: string | undefined): string | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  const bearer = /^bearer\s+(.*)$/i.exec(value);
  return (bearer ? bearer[1]!.trim() : value) || undefined;
}

/** The verified caller of a route guarded by `requireUser`; `session` null: an enrollment-only mfaToken. */
export function callerOf(request: FastifyRequest): { app: AppRecord; userId: string; session: SessionRecord | null } {
  const app = request.callerApp;
  const session = request.callerSession;
  const userId = session ? session.userId : request.callerEnrollmentUserId;
  if (!app || session === undefined || !userId) throw new Error('route is missing its requireUser guard');
  return { app, userId, session };
}

/** Who is calling, for the audit trail: app, client IP and user agent. Never a credential. */
export function requestContext(request: FastifyRequest): RequestContext {
  const userAgent = request.headers['user-agent'];
  return {
    appId: request.callerApp?.id ?? null,
    ip: request.ip ?? null,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 256) : null,
  };
}
