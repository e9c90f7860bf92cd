/**
 * @tessera/contract — the GenAuth V3 wire contract shared by the Tessera server and SDK:
 * request/response schemas, the types inferred from them, and the error catalog.
 */
export * from './accounts.js';
export * from './envelope.js';
export * from './error-catalog.js';
export * from './error-catalog-doc.js';
export * from './factors.js';
export * from './input-text.js';
export * from './mfa-factor-management.js';
export * from './mfa-sign-in.js';
export * from './oauth-errors.js';
export * from './profile.js';
export * from './management.js';
export * from './webauthn.js';
export * from './face.js';
export * from './webhooks-admin.js';
