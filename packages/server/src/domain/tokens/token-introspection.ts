import { hashOpaqueToken } from '../codes/one-time-codes.js';
import type { AppRecord, Clock, RefreshTokenStore, SessionStore, TokenIssuer } from '../ports.js';
import { OAuthFailure } from './oauth-failure.js';

/** RFC 7662 §2.2: an inactive token says nothing else. */
export type Introspection = { active: false } | ({ active: true } & Record<string, unknown>);

/**
 * POST /oidc/token/introspection (RFC 7662): is this access or refresh token active, and for whom? Only
 * tokens issued to the calling client are described; any other answers `{active: false}` alike, so a
 * client learns nothing about another's tokens. Active means its session is live too.
 */
export function createTokenIntrospection(deps: {
  clock: Clock;
  issuer: string;
  tokens: TokenIssuer;
  refreshTokens: RefreshTokenStore;
  sessions: SessionStore;
}) {
  return async function introspect(app: AppRecord, token: string | undefined): Promise<Introspection> {
    if (!token) throw new OAuthFailure('invalid_request', 'token is required');
    const now = deps.clock.now();
    const refresh = await deps.refreshTokens.find(hashOpaqueToken(token));
    if (refresh) {
      const live =
        refresh.appId === app.id && refresh.rotatedAt === null && refresh.revokedAt === null && refresh.expiresAt > now && (await deps.sessions.findLive(refresh.sessionId, now));
      if (!live) return { active: false };
      return {
        active: true,
        token_type: 'refresh_token',
        scope: refresh.scope,
        client_id: app.id,
        sub: refresh.userId,
        iss: deps.issuer,
        iat: Math.floor(refresh.createdAt / 1000),
        exp: Math.floor(refresh.expiresAt / 1000),
        sid: refresh.sessionId,
      };
    }
    const claims = await deps.tokens.verifyAccessToken(token, app.id);
    const session = claims && (await deps.sessions.findLive(claims.sessionId, now));
    if (!claims || !session || session.userId !== claims.userId) return { active: false };
    return {
      active: true,
      token_type: 'access_token',
      scope: claims.scope,
      client_id: app.id,
      sub: claims.userId,
      aud: app.id,
      iss: deps.issuer,
      iat: claims.issuedAt,
      exp: claims.expiresAt,
      jti: claims.tokenId,
      sid: claims.sessionId,
      amr: claims.amr,
      acr: claims.acr,
    };
  };
}

export type TokenIntrospection = ReturnType<typeof createTokenIntrospection>;
