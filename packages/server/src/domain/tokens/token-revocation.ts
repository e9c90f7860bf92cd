import type { AuditTrail, RequestContext } from '../audit/audit-trail.js';
import { hashOpaqueToken } from '../codes/one-time-codes.js';
import type { AppRecord, AppRepository, Clock, RefreshTokenStore, TokenIssuer } from '../ports.js';
import { OAuthFailure } from './oauth-failure.js';
import type { SessionEnding } from './session-ending.js';

/**
 * POST /oidc/token/revocation (RFC 7009) and GET /oidc/session/end (OIDC RP-Initiated Logout 1.0). Every
 * token names its session, and revoking one ends that session (RFC 7009 §2.1: revoking a refresh token
 * invalidates the access tokens of the same grant): its refresh tokens stop refreshing and its access
 * tokens stop being accepted at once.
 */
export function createTokenRevocation(deps: {
  clock: Clock;
  apps: AppRepository;
  tokens: TokenIssuer;
  refreshTokens: RefreshTokenStore;
  endSession: SessionEnding;
  audit: AuditTrail;
}) {
  /** RFC 7009 §2.2: an unknown, expired or foreign token answers like a revoked one. */
  async function revoke(app: AppRecord, token: string | undefined, context: RequestContext): Promise<void> {
    if (!token) throw new OAuthFailure('invalid_request', 'token is required');
    const now = deps.clock.now();
    const refresh = await deps.refreshTokens.find(hashOpaqueToken(token));
    const owner = refresh ? (refresh.appId === app.id ? refresh : undefined) : await deps.tokens.verifyAccessToken(token, app.id);
    if (!owner) return;
    await deps.endSession(owner.sessionId, now);
    await deps.audit.record({ type: 'sign-out', outcome: 'ok', userId: owner.userId, via: 'revocation', context });
  }

  /**
   * Ends the session an id_token_hint names, and answers where to send the browser: only to a
   * post_logout_redirect_uri registered, exactly, for the app (never an open redirect).
   */
  async function logout(
    input: { idTokenHint?: string; clientId?: string; postLogoutRedirectUri?: string; state?: string },
    context: RequestContext,
  ): Promise<{ redirectTo?: string }> {
    const hint = input.idTokenHint ? await deps.tokens.verifyIdTokenHint(input.idTokenHint) : undefined;
    if (input.idTokenHint && !hint) throw new OAuthFailure('invalid_request', 'id_token_hint is not a token of this issuer');
    if (hint && input.clientId && input.clientId !== hint.appId) throw new OAuthFailure('invalid_request', 'client_id does not match id_token_hint');
    const appId = hint?.appId ?? input.clientId;
    let redirectTo: string | undefined;
    if (input.postLogoutRedirectUri) {
      const app = appId ? await deps.apps.findById(appId.slice(0, 64)) : undefined;
      if (!app || !app.postLogoutRedirectUris.includes(input.postLogoutRedirectUri)) {
        throw new OAuthFailure('invalid_request', 'post_logout_redirect_uri is not registered for this client');
      }
      const target = new URL(input.postLogoutRedirectUri);
      if (input.state) target.searchParams.set('state', input.state);
      redirectTo = target.toString();
    }
    if (hint) {
      await deps.endSession(hint.sessionId, deps.clock.now());
      await deps.audit.record({ type: 'sign-out', outcome: 'ok', userId: hint.userId, via: 'logout', context: { ...context, appId: hint.appId } });
    }
    return redirectTo ? { redirectTo } : {};
  }

  return { revoke, logout };
}

export type TokenRevocation = ReturnType<typeof createTokenRevocation>;
