/**
 * The closed set of errors the standard endpoints under /oidc answer, in the shape their RFCs give
 * (`{error, error_description}`), not GenAuth's envelope: RFC 6749 §5.2 (token endpoint), RFC 7009 §2.2.1
 * (revocation), RFC 6750 §3.1 (userinfo), OIDC RP-Initiated Logout.
 */
export const OAUTH_ERRORS = {
  invalid_request: { httpStatus: 400, description: 'The request is missing a parameter or has a bad one' },
  invalid_client: { httpStatus: 401, description: 'Client authentication failed' },
  invalid_grant: { httpStatus: 400, description: 'The refresh token is invalid, expired, revoked or was issued to another client' },
  unauthorized_client: { httpStatus: 400, description: 'This client may not use this grant type' },
  unsupported_grant_type: { httpStatus: 400, description: 'The grant type is not supported' },
  invalid_scope: { httpStatus: 400, description: 'The requested scope exceeds the scope originally granted' },
  unsupported_token_type: { httpStatus: 400, description: 'This token type cannot be revoked' },
  invalid_token: { httpStatus: 401, description: 'The access token is invalid, expired or revoked' },
  unsupported_response_type: { httpStatus: 400, description: 'Only response_type=code is supported' },
  login_required: { httpStatus: 400, description: 'The user is not signed in and prompt=none forbids asking' },
} as const;

export type OAuthErrorCode = keyof typeof OAUTH_ERRORS;
