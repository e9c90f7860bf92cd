import { generateId, generateOpaqueToken, hashOpaqueToken } from '../codes/one-time-codes.js';
import type { AppRecord, Clock, Random, RefreshTokenStore, SessionRecord, TokenIssuer, UserRepository } from '../ports.js';
import type { SessionService } from '../sessions/session-service.js';
import { hasScope } from './scopes.js';
import { userClaims } from './user-claims.js';

/** What a sign-in or a refresh hands the client (RFC 6749 §5.1, OIDC Core §3.1.3.3). */
export interface TokenSet {
  accessToken: string;
  expiresInSeconds: number;
  scope: string;
  /** With `offline_access` in the scope. */
  refreshToken?: string;
  /** With `openid` in the scope. */
  idToken?: string;
}

/**
 * The tokens of a session: its access token (amr/acr are the session's, never more), a refresh token
 * when the scope asks for `offline_access`, an id token when it asks for `openid`. A refresh token is
 * opaque and stored only as its hash; it never outlives its session.
 */
export function createTokenSets(deps: {
  clock: Clock;
  random: Random;
  tokens: TokenIssuer;
  sessions: SessionService;
  refreshTokens: RefreshTokenStore;
  users: UserRepository;
}) {
  async function issue(
    session: SessionRecord,
    app: AppRecord,
    /** `refreshScope`: what a rotated refresh token keeps; `nonce`: an authorization request's, echoed in the id token. */
    scopes: { scope: string; refreshScope?: string; familyId?: string; nonce?: string },
  ): Promise<TokenSet> {
    const access = await deps.sessions.issueToken(session, scopes.scope);
    const set: TokenSet = { accessToken: access.accessToken, expiresInSeconds: access.expiresInSeconds, scope: scopes.scope };
    const refreshScope = scopes.refreshScope ?? scopes.scope;
    if (hasScope(refreshScope, 'offline_access')) {
      set.refreshToken = await issueRefreshToken(session, app, refreshScope, scopes.familyId ?? generateId(deps.random));
    }
    if (hasScope(scopes.scope, 'openid')) {
      const user = await deps.users.findById(session.userId);
      const { sub: _sub, ...claims } = user ? userClaims(user, scopes.scope) : {};
      set.idToken = await deps.tokens.issueIdToken({
        userId: session.userId,
        appId: session.appId,
        sessionId: session.id,
        amr: session.amr,
        acr: session.aal,
        authTime: session.createdAt,
        ttlSeconds: app.idTokenTtlSeconds,
        claims,
        ...(scopes.nonce ? { nonce: scopes.nonce } : {}),
      });
    }
    return set;
  }

  async function issueRefreshToken(session: SessionRecord, app: AppRecord, scope: string, familyId: string): Promise<string> {
    const now = deps.clock.now();
    const token = generateOpaqueToken(deps.random);
    await deps.refreshTokens.insert({
      tokenHash: hashOpaqueToken(token),
      familyId,
      sessionId: session.id,
      userId: session.userId,
      appId: app.id,
      scope,
      createdAt: now,
      expiresAt: Math.min(now + app.refreshTokenTtlSeconds * 1000, session.expiresAt),
      rotatedAt: null,
      revokedAt: null,
    });
    return token;
  }

  return { issue };
}

export type TokenSets = ReturnType<typeof createTokenSets>;
