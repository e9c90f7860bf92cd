import { TOKEN_GRANTS } from './grants.js';

/**
 * OpenID Connect Discovery 1.0 §3: every endpoint under the public URL, so every instance behind one load
 * balancer publishes the same document.
 */
export function discoveryDocument(issuer: string, publicUrl: string) {
  const base = `${publicUrl}/oidc`;
  const authMethods = ['client_secret_post', 'client_secret_basic', 'none'];
  return {
    issuer,
    authorization_endpoint: `${base}/auth`,
    token_endpoint: `${base}/token`,
    revocation_endpoint: `${base}/token/revocation`,
    introspection_endpoint: `${base}/token/introspection`,
    userinfo_endpoint: `${base}/me`,
    end_session_endpoint: `${base}/session/end`,
    jwks_uri: `${base}/.well-known/jwks.json`,
    grant_types_supported: Object.keys(TOKEN_GRANTS),
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    code_challenge_methods_supported: ['S256'],
    authorization_response_iss_parameter_supported: true,
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['ES256'],
    scopes_supported: ['openid', 'profile', 'email', 'phone', 'offline_access'],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'sid', 'amr', 'acr', 'name', 'nickname', 'preferred_username', 'picture', 'gender', 'updated_at', 'email', 'email_verified', 'phone_number', 'phone_number_verified'],
    acr_values_supported: ['aal1', 'aal2'],
    token_endpoint_auth_methods_supported: authMethods,
    revocation_endpoint_auth_methods_supported: authMethods,
    introspection_endpoint_auth_methods_supported: authMethods,
    claims_parameter_supported: false,
    request_parameter_supported: false,
  };
}
