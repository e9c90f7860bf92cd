import type { AuditTrail, RequestContext } from '../audit/audit-trail.js';
import { hashOpaqueToken } from '../codes/one-time-codes.js';
import type { AppRecord, Clock, RefreshTokenStore } from '../ports.js';
import type { SessionService } from '../sessions/session-service.js';
import { OAuthFailure } from './oauth-failure.js';
import { isNarrowing } from './scopes.js';
import type { SessionEnding } from './session-ending.js';
import type { TokenSet, TokenSets } from './token-sets.js';

/**
 * grant_type=refresh_token (RFC 6749 §6). The presented token is rotated: claimed with one conditional
 * update (of concurrent presentations one wins), replaced by a successor of the same family. A rotated
 * token presented again means it leaked (OAuth 2.0 Security BCP §4.14.2): the whole family and its
 * session are revoked, so neither the thief nor the victim keeps a working token. The new tokens carry
 * the session's amr/acr as they are now (lapsed when idle), never more than the sign-in proved.
 */
export function createRefreshGrant(deps: {
  clock: Clock;
  refreshTokens: RefreshTokenStore;
  sessions: SessionService;
  tokenSets: TokenSets;
  endSession: SessionEnding;
  audit: AuditTrail;
}) {
  return async function refresh(app: AppRecord, input: { refreshToken?: string; scope?: string }, context: RequestContext): Promise<TokenSet> {
    if (!input.refreshToken) throw new OAuthFailure('invalid_request', 'refresh_token is required');
    const tokenHash = hashOpaqueToken(input.refreshToken);
    const now = deps.clock.now();
    const known = await deps.refreshTokens.find(tokenHash);
    if (!known || known.appId !== app.id) throw new OAuthFailure('invalid_grant');
    if (input.scope && !isNarrowing(input.scope, known.scope)) throw new OAuthFailure('invalid_scope');

    const claimed = await deps.refreshTokens.claimForRotation(tokenHash, app.id, now);
    if (!claimed) {
      // Read again: a presentation that lost a race to a concurrent one is reuse as well.
      const current = await deps.refreshTokens.find(tokenHash);
      if (current && current.rotatedAt !== null && current.revokedAt === null) {
        await revokeAfterReuse(current.familyId, current.sessionId, current.userId, context);
      }
      throw new OAuthFailure('invalid_grant');
    }
    const session = await deps.sessions.resolve({ sessionId: claimed.sessionId, userId: claimed.userId, appId: claimed.appId });
    if (!session) {
      await deps.refreshTokens.revokeFamily(claimed.familyId, now);
      throw new OAuthFailure('invalid_grant', 'the session of this refresh token has ended');
    }
    return deps.tokenSets.issue(session, app, { scope: input.scope || claimed.scope, refreshScope: claimed.scope, familyId: claimed.familyId });
  };

  async function revokeAfterReuse(familyId: string, sessionId: string, userId: string, context: RequestContext): Promise<void> {
    const now = deps.clock.now();
    await deps.refreshTokens.revokeFamily(familyId, now);
    await deps.endSession(sessionId, now);
    await deps.audit.record({ type: 'refresh-token.reuse', outcome: 'replayed', userId, via: 'oidc', context, detail: { familyRevoked: true } });
  }
}

export type RefreshGrant = ReturnType<typeof createRefreshGrant>;
