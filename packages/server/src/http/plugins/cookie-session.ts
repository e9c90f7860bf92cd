import { createHash, timingSafeEqual } from 'node:crypto';
import { parseCookie, stringifySetCookie, type SetCookie } from 'cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TesseraError } from '../../domain/errors.js';

/**
 * Cookie sessions for the hosted page (packages/web). The page calls the same V3/V2 endpoints the SDKs
 * call; a request that says it comes from the page (`x-tessera-page: 1`, a custom header a cross-site
 * form cannot send without a CORS preflight, which Tessera never grants) gets:
 * - the access token of a completed sign-in moved from the answer into an HttpOnly cookie, so page
 *   scripts never hold it, and a CSRF token bound to it in a cookie the page can read;
 * - that cookie as its `authorization` when it sends none, a state-changing request only with the CSRF
 *   token echoed in `x-csrf-token` (double submit, bound to the session: OWASP CSRF cheat sheet).
 * Requests without the header (every SDK) are untouched: a cookie alone never authenticates anything.
 */
export const PAGE_REQUEST_HEADER = 'x-tessera-page';
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_COOKIE = 'tessera_session';
export const CSRF_COOKIE = 'tessera_csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function installCookieSession(app: FastifyInstance): void {
  // Both hooks run on every request: callback style, so an SDK's request (not from the page) passes
  // without a promise of its own; cookies are parsed only for the page's requests (no cookie plugin, whose
  // parse and send hooks would run on every SDK call too).
  app.addHook('onRequest', (request, _reply, done) => {
    if (!isPageRequest(request) || request.headers.authorization) return done();
    const token = sessionCookieOf(request);
    if (!token) return done();
    if (!SAFE_METHODS.has(request.method) && !csrfTokenMatches(token, request.headers[CSRF_HEADER])) {
      return done(new TesseraError('CSRF_TOKEN_INVALID'));
    }
    request.headers.authorization = `Bearer ${token}`;
    done();
  });

  app.addHook('preSerialization', (request, reply, payload: unknown, done) => {
    if (!isPageRequest(request)) return done(null, payload);
    const issued = issuedToken(payload);
    if (!issued) return done(null, payload);
    setSessionCookies(request, reply, issued.token);
    done(null, issued.withoutToken);
  });
}

export function isPageRequest(request: FastifyRequest): boolean {
  return request.headers[PAGE_REQUEST_HEADER] === '1';
}

/** The page's session token, from its HttpOnly cookie. */
export function sessionCookieOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  return header ? parseCookie(header)[SESSION_COOKIE] : undefined;
}

/** Ends the page session in the browser (the server-side session is revoked by the caller). */
export function clearSessionCookies(request: FastifyRequest, reply: FastifyReply): void {
  const options = { ...cookieOptions(request), expires: new Date(0), maxAge: 0 };
  setCookies(reply, [
    { name: SESSION_COOKIE, value: '', ...options },
    { name: CSRF_COOKIE, value: '', ...options, httpOnly: false },
  ]);
}

/** The CSRF token of a session: a digest of its token, so nobody without the HttpOnly cookie can make it. */
function csrfTokenOf(sessionToken: string): string {
  return createHash('sha256').update(`tessera-csrf:${sessionToken}`).digest('base64url');
}

function csrfTokenMatches(sessionToken: string, echoed: string | string[] | undefined): boolean {
  if (typeof echoed !== 'string') return false;
  const expected = Buffer.from(csrfTokenOf(sessionToken));
  const given = Buffer.from(echoed);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Browser-session cookies (no Max-Age): the server-side session decides how long the token lives and
 * refuses it once revoked or expired, whatever the browser keeps.
 */
function setSessionCookies(request: FastifyRequest, reply: FastifyReply, token: string): void {
  const options = cookieOptions(request);
  setCookies(reply, [
    { name: SESSION_COOKIE, value: token, ...options },
    // Readable by the page's script, which echoes it; useless without the HttpOnly session cookie.
    { name: CSRF_COOKIE, value: csrfTokenOf(token), ...options, httpOnly: false },
  ]);
}

function setCookies(reply: FastifyReply, cookies: SetCookie[]): void {
  for (const cookie of cookies) void reply.header('set-cookie', stringifySetCookie(cookie));
}

/** HttpOnly, SameSite=Lax, and Secure except on loopback (where browsers accept it over plain http). */
function cookieOptions(request: FastifyRequest) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: request.protocol === 'https' || !isLoopback(request.hostname),
  };
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * The access token of a completed sign-in in an answer — V3 `data.access_token` (signin), V2
 * `data.token` (MFA redemption) or `data.tokenSet.access_token` (passwordless passkey) — and the answer
 * with it blanked.
 */
function issuedToken(payload: unknown): { token: string; withoutToken: object } | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const data = (payload as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null) return undefined;
  const tokenSet = (data as { tokenSet?: unknown }).tokenSet;
  if (typeof tokenSet === 'object' && tokenSet !== null) {
    const inner = issuedToken({ data: tokenSet });
    return inner && { token: inner.token, withoutToken: { ...payload, data: { ...data, tokenSet: (inner.withoutToken as { data: object }).data } } };
  }
  for (const field of ['access_token', 'token'] as const) {
    const token = (data as Record<string, unknown>)[field];
    if (typeof token === 'string' && token) return { token, withoutToken: { ...payload, data: { ...data, [field]: '' } } };
  }
  return undefined;
}
