import type { RequestContext } from '../../domain/audit/audit-trail.js';
import type { AppRecord } from '../../domain/ports.js';
import type { TokenSet } from '../../domain/tokens/token-sets.js';
import type { Services } from '../../runtime.js';
import type { FormParams } from './oauth-wire.js';

/** One grant type of POST /oidc/token: the authenticated client and the form in, a token set out. */
export type TokenGrant = (services: Services, app: AppRecord, params: FormParams, context: RequestContext) => Promise<TokenSet>;

/**
 * The grant types /oidc/token serves, by `grant_type` (RFC 6749 §4–6). Each calls one use case; a new
 * grant is one more entry here (discovery's grant_types_supported lists these keys).
 */
export const TOKEN_GRANTS: Readonly<Record<string, TokenGrant>> = {
  refresh_token: (services, app, params, context) =>
    services.oidc.refresh(app, { refreshToken: params.refresh_token, scope: params.scope }, context),
  authorization_code: (services, app, params, context) =>
    services.oidc.authorization.exchange(app, { code: params.code, redirectUri: params.redirect_uri, codeVerifier: params.code_verifier }, context),
};

/** RFC 6749 §5.1 (and OIDC Core §3.1.3.3 for id_token). */
export function tokenResponse(set: TokenSet) {
  return {
    access_token: set.accessToken,
    token_type: 'Bearer',
    expires_in: set.expiresInSeconds,
    scope: set.scope,
    ...(set.refreshToken ? { refresh_token: set.refreshToken } : {}),
    ...(set.idToken ? { id_token: set.idToken } : {}),
  };
}
