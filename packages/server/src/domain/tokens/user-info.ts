import type { TokenIssuer, UserRepository } from '../ports.js';
import type { SessionService } from '../sessions/session-service.js';
import { OAuthFailure } from './oauth-failure.js';
import { userClaims } from './user-claims.js';

/**
 * GET /oidc/me (OIDC Core §5.3): the claims of the user an access token names, filtered by its scope. The
 * token alone says which app it is for (its `aud`); it must verify for that app and its session be live.
 */
export function createUserInfo(deps: { tokens: TokenIssuer; sessions: SessionService; users: UserRepository }) {
  return async function userInfo(token: string | undefined): Promise<Record<string, unknown>> {
    const appId = token ? deps.tokens.audienceOf(token) : undefined;
    const claims = token && appId ? await deps.tokens.verifyAccessToken(token, appId) : undefined;
    const session = claims && (await deps.sessions.resolve(claims));
    const user = session && (await deps.users.findById(session.userId));
    if (!claims || !user) throw new OAuthFailure('invalid_token');
    return userClaims(user, claims.scope);
  };
}
