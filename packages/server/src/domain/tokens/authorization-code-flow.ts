import { createHash } from 'node:crypto';
import type { OAuthErrorCode } from '@tessera/contract';
import type { AuditTrail, RequestContext } from '../audit/audit-trail.js';
import { equalInConstantTime } from '../codes/constant-time.js';
import { generateOpaqueToken, hashOpaqueToken } from '../codes/one-time-codes.js';
import type { AppRecord, AppRepository, AuthorizationCodeStore, Clock, Random, SessionRecord } from '../ports.js';
import type { SessionService } from '../sessions/session-service.js';
import { OAuthFailure } from './oauth-failure.js';
import { scopesOf } from './scopes.js';
import type { SessionEnding } from './session-ending.js';
import type { TokenSet, TokenSets } from './token-sets.js';

/** RFC 6749 §4.1.2: a code lives briefly (10 min at most); ours, one minute. */
export const AUTHORIZATION_CODE_TTL_SECONDS = 60;
const SUPPORTED_SCOPES = new Set(['openid', 'profile', 'email', 'phone', 'offline_access']);
const DEFAULT_SCOPE = 'openid profile';
/** RFC 7636 §4.1: 43–128 characters of base64url for a S256 challenge. */
const CODE_CHALLENGE = /^[A-Za-z0-9_-]{43,128}$/;
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/** The query of GET /oidc/auth (OIDC Core §3.1.2.1, RFC 7636 §4.3). */
export interface AuthorizationParams {
  response_type?: string;
  client_id?: string;
  redirect_uri?: string;
  scope?: string;
  state?: string;
  nonce?: string;
  code_challenge?: string;
  code_challenge_method?: string;
  prompt?: string;
}

export interface AuthorizationRequest {
  app: AppRecord;
  redirectUri: string;
  scope: string;
  state: string | undefined;
  nonce: string | undefined;
  codeChallenge: string | undefined;
  /** prompt=login: ask again even with a live session; prompt=none: never ask. */
  prompt: 'login' | 'none' | undefined;
}

/**
 * What an authorization request comes to: refused without a redirect (unknown client or unregistered
 * redirect URI, RFC 6749 §4.1.2.1 — never redirect to an unverified URI), refused by redirecting an
 * error to the client, or valid.
 */
export type AuthorizationVerdict =
  | { kind: 'refused'; error: OAuthErrorCode; description: string }
  | { kind: 'redirect-error'; redirectUri: string; state: string | undefined; error: OAuthErrorCode; description: string }
  | { kind: 'valid'; request: AuthorizationRequest };

/**
 * The OAuth 2.0 authorization code grant with PKCE (RFC 6749 §4.1, RFC 7636), for apps that send their
 * users to Tessera's hosted sign-in. A code is issued for a live session of the client's own app (the
 * page signed the user in, with the app's MFA policy), bound to its redirect URI and PKCE challenge,
 * stored only as a hash in the shared database, exchanged once within 60 s. Presenting a spent code
 * again ends the session its tokens came from (RFC 6749 §4.1.2: the code was stolen).
 */
export function createAuthorizationCodeFlow(deps: {
  clock: Clock;
  random: Random;
  apps: Pick<AppRepository, 'findById'>;
  codes: AuthorizationCodeStore;
  sessions: SessionService;
  tokenSets: TokenSets;
  endSession: SessionEnding;
  audit: AuditTrail;
}) {
  async function validate(params: AuthorizationParams): Promise<AuthorizationVerdict> {
    const app = params.client_id ? await deps.apps.findById(params.client_id) : undefined;
    if (!app) return { kind: 'refused', error: 'invalid_request', description: 'unknown client_id' };
    // RFC 6749 §3.1.2.3 / OAuth 2.0 Security BCP §4.1.3: exact match against a registered URI.
    const redirectUri = params.redirect_uri;
    if (!redirectUri || !app.redirectUris.includes(redirectUri)) {
      return { kind: 'refused', error: 'invalid_request', description: 'redirect_uri is not registered for this client' };
    }
    const fail = (error: OAuthErrorCode, description: string): AuthorizationVerdict => ({ kind: 'redirect-error', redirectUri, state: params.state, error, description });
    if (params.response_type !== 'code') return fail('unsupported_response_type', 'response_type must be code');
    if (params.code_challenge_method !== undefined && params.code_challenge_method !== 'S256') {
      return fail('invalid_request', 'code_challenge_method must be S256');
    }
    if (params.code_challenge !== undefined && !CODE_CHALLENGE.test(params.code_challenge)) {
      return fail('invalid_request', 'code_challenge must be 43 to 128 base64url characters');
    }
    if (params.code_challenge !== undefined && params.code_challenge_method === undefined) {
      // RFC 7636 §4.3 defaults to plain, which we do not accept.
      return fail('invalid_request', 'code_challenge_method must be S256');
    }
    // OAuth 2.0 Security BCP §2.1.1: a public client must use PKCE.
    if (app.tokenEndpointAuthMethod === 'none' && params.code_challenge === undefined) {
      return fail('invalid_request', 'PKCE with S256 is required for this client');
    }
    const prompt = params.prompt === 'login' || params.prompt === 'none' ? params.prompt : undefined;
    const scopes = scopesOf(params.scope ?? DEFAULT_SCOPE).filter((scope) => SUPPORTED_SCOPES.has(scope));
    return {
      kind: 'valid',
      request: {
        app,
        redirectUri,
        scope: scopes.length > 0 ? scopes.join(' ') : DEFAULT_SCOPE,
        state: params.state,
        nonce: params.nonce,
        codeChallenge: params.code_challenge,
        prompt,
      },
    };
  }

  /** A code for a live session of the request's app; answers the URL to send the browser to. */
  async function issueCode(request: AuthorizationRequest, session: SessionRecord, issuer: string): Promise<string> {
    const now = deps.clock.now();
    const code = generateOpaqueToken(deps.random);
    await deps.codes.insert({
      codeHash: hashOpaqueToken(code),
      appId: request.app.id,
      userId: session.userId,
      sessionId: session.id,
      redirectUri: request.redirectUri,
      scope: request.scope,
      nonce: request.nonce ?? null,
      codeChallenge: request.codeChallenge ?? null,
      createdAt: now,
      expiresAt: now + AUTHORIZATION_CODE_TTL_SECONDS * 1000,
      consumedAt: null,
    });
    // RFC 9207: `iss` tells the client which server answered (mix-up attacks).
    return redirectWith(request.redirectUri, { code, state: request.state, iss: issuer });
  }

  /** grant_type=authorization_code (RFC 6749 §4.1.3, RFC 7636 §4.6). */
  async function exchange(app: AppRecord, input: { code?: string; redirectUri?: string; codeVerifier?: string }, context: RequestContext): Promise<TokenSet> {
    if (!input.code) throw new OAuthFailure('invalid_request', 'code is required');
    if (!input.redirectUri) throw new OAuthFailure('invalid_request', 'redirect_uri is required');
    const codeHash = hashOpaqueToken(input.code);
    const now = deps.clock.now();
    const record = await deps.codes.consume(codeHash, app.id, now);
    if (!record) {
      const spent = await deps.codes.find(codeHash);
      if (spent && spent.appId === app.id && spent.consumedAt !== null) {
        await deps.endSession(spent.sessionId, now);
        await deps.audit.record({ type: 'authorization-code.reuse', outcome: 'replayed', userId: spent.userId, via: 'oidc', context, detail: { sessionEnded: true } });
      }
      throw new OAuthFailure('invalid_grant', 'the code is invalid, expired or already used');
    }
    if (record.redirectUri !== input.redirectUri) throw new OAuthFailure('invalid_grant', 'redirect_uri differs from the authorization request');
    if (!pkceHolds(record.codeChallenge, input.codeVerifier)) throw new OAuthFailure('invalid_grant', 'code_verifier does not match the code_challenge');
    const session = await deps.sessions.resolve({ sessionId: record.sessionId, userId: record.userId, appId: record.appId });
    if (!session) throw new OAuthFailure('invalid_grant', 'the session of this code has ended');
    return deps.tokenSets.issue(session, app, { scope: record.scope, ...(record.nonce ? { nonce: record.nonce } : {}) });
  }

  return { validate, issueCode, exchange };
}

/** RFC 7636 §4.6: BASE64URL(SHA256(verifier)) equals the challenge; a verifier without a challenge is refused too. */
function pkceHolds(challenge: string | null, verifier: string | undefined): boolean {
  if (challenge === null) return verifier === undefined;
  if (!verifier || !CODE_VERIFIER.test(verifier)) return false;
  return equalInConstantTime(createHash('sha256').update(verifier).digest('base64url'), challenge);
}

/** The redirect URI with the answer's parameters added to its query (RFC 6749 §4.1.2). */
export function redirectWith(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}

export type AuthorizationCodeFlow = ReturnType<typeof createAuthorizationCodeFlow>;
