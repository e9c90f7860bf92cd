import type { AuditTrail } from '../audit/audit-trail.js';
import type { AppRepository, AuthorizationCodeStore, Clock, Random, RefreshTokenStore, SessionStore, TokenIssuer, UserRepository } from '../ports.js';
import type { SessionService } from '../sessions/session-service.js';
import { createAuthorizationCodeFlow } from './authorization-code-flow.js';
import { createClientAuthentication } from './client-authentication.js';
import { createRefreshGrant } from './refresh-grant.js';
import { createSessionEnding } from './session-ending.js';
import { createTokenIntrospection } from './token-introspection.js';
import { createTokenRevocation } from './token-revocation.js';
import { createTokenSets } from './token-sets.js';
import { createUserInfo } from './user-info.js';

/** The token lifecycle's use cases, wired once: what /oidc and the sign-in flows call. */
export function createOidcServices(deps: {
  clock: Clock;
  random: Random;
  issuer: string;
  tokens: TokenIssuer;
  sessions: SessionService;
  store: { apps: AppRepository; users: UserRepository; sessions: SessionStore; refreshTokens: RefreshTokenStore; authorizationCodes: AuthorizationCodeStore };
  audit: AuditTrail;
}) {
  const { clock, random, issuer, tokens, sessions, store, audit } = deps;
  const tokenSets = createTokenSets({ clock, random, tokens, sessions, refreshTokens: store.refreshTokens, users: store.users });
  const endSession = createSessionEnding({ sessions: store.sessions, refreshTokens: store.refreshTokens });
  const revocation = createTokenRevocation({ clock, apps: store.apps, tokens, refreshTokens: store.refreshTokens, endSession, audit });
  return {
    tokenSets,
    authenticateClient: createClientAuthentication({ apps: store.apps }),
    refresh: createRefreshGrant({ clock, refreshTokens: store.refreshTokens, sessions, tokenSets, endSession, audit }),
    introspect: createTokenIntrospection({ clock, issuer, tokens, refreshTokens: store.refreshTokens, sessions: store.sessions }),
    revoke: revocation.revoke,
    logout: revocation.logout,
    userInfo: createUserInfo({ tokens, sessions, users: store.users }),
    /** The authorization code grant with PKCE, behind GET /oidc/auth (the hosted sign-in). */
    authorization: createAuthorizationCodeFlow({ clock, random, apps: store.apps, codes: store.authorizationCodes, sessions, tokenSets, endSession, audit }),
  };
}

export type OidcServices = ReturnType<typeof createOidcServices>;
