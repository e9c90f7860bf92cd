/**
 * @tessera/sdk — a typed, dependency-free client for Tessera, method-compatible with the official
 * GenAuth Node SDK (`authing-node-sdk@4.0.1`) for the endpoints Tessera implements.
 * Request and response types come from `@tessera/contract`.
 */
export { AuthenticationClient } from './authentication-client.js';
export { isMfaRequired, MfaAuthenticationClient } from './mfa-authentication-client.js';
export type { EnrollmentRequired, MfaRequired, SignedIn, SignInFailed, SignInResult } from './sign-in-result.js';
export type { MfaSignIn, MfaSignedIn, MfaSignInFailed, MfaSignInResult } from './mfa-sign-in.js';
export type { LogoutParams, OAuthError, RefreshResult, TokenSet } from './token-lifecycle.js';
export { ManagementClient } from './management-client.js';
export type { AuditEvent, ImportOtpItem, ManagementClientOptions, MfaFactor, MfaTriggerData, OtpImportReport, UserIdType, UserReference, WebhookDelivery, WebhookEndpoint, WebhookEventType } from './management-client.js';
export type { AuthenticationClientInitOptions, TokenEndPointAuthMethod } from './client-options.js';
export { TESSERA_REQUEST_ERROR_CODES, TesseraRequestError } from './errors.js';
export type { TesseraRequestErrorCode, TesseraRequestErrorDetails } from './errors.js';
