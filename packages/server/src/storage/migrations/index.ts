import type { Migration } from 'kysely';
import * as foundation from './2026-11-27T00-00-foundation.js';
import * as delivery from './2026-11-27T01-00-delivery.js';
import * as mfaSignIn from './2026-11-27T02-00-mfa-sign-in.js';
import * as keyringCanary from './2026-11-27T03-00-keyring-canary.js';
import * as identifierKeys from './2026-11-28T00-00-identifier-keys.js';
import * as failureBudgetInFlight from './2026-11-28T00-10-failure-budget-in-flight.js';
import * as sessionLastUsed from './2026-11-28T00-20-session-last-used.js';
import * as oidcTokenLifecycle from './2026-11-28T03-00-oidc-token-lifecycle.js';
import * as userExternalId from './2026-11-28T03-00-user-external-id.js';
import * as webhooks from './2026-11-28T03-00-webhooks.js';
import * as management from './2026-11-28T03-10-management.js';
import * as authorizationCodes from './2026-11-28T04-00-authorization-codes.js';
import * as faceAttempts from './2026-11-28T05-00-face-attempts.js';
import * as passkeys from './2026-11-28T05-10-passkeys.js';
import * as faceUploads from './2026-11-28T05-20-face-uploads.js';

/** Every migration, by name; names sort in the order they apply. Add new ones, never edit old ones. */
export const MIGRATIONS: Record<string, Migration> = {
  '2026-11-27T00-00-foundation': foundation,
  '2026-11-27T01-00-delivery': delivery,
  '2026-11-27T02-00-mfa-sign-in': mfaSignIn,
  '2026-11-27T03-00-keyring-canary': keyringCanary,
  '2026-11-28T00-00-identifier-keys': identifierKeys,
  '2026-11-28T00-10-failure-budget-in-flight': failureBudgetInFlight,
  '2026-11-28T00-20-session-last-used': sessionLastUsed,
  '2026-11-28T03-00-oidc-token-lifecycle': oidcTokenLifecycle,
  '2026-11-28T03-00-user-external-id': userExternalId,
  '2026-11-28T03-00-webhooks': webhooks,
  '2026-11-28T03-10-management': management,
  '2026-11-28T04-00-authorization-codes': authorizationCodes,
  '2026-11-28T05-00-face-attempts': faceAttempts,
  '2026-11-28T05-10-passkeys': passkeys,
  '2026-11-28T05-20-face-uploads': faceUploads,
};
