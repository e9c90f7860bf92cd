import type { Generated } from 'kysely';
import type { PasskeyTables } from './passkey-schema.js';

/**
 * Table types as Kysely sees them. Times are epoch milliseconds (BIGINT); JSON columns are TEXT so the
 * same schema runs on SQLite and PostgreSQL.
 */
export interface Database extends PasskeyTables {
  apps: AppsTable;
  users: UsersTable;
  factors: FactorsTable;
  pending_enrollments: PendingEnrollmentsTable;
  send_throttles: SendThrottlesTable;
  // code delivery (migration 2026-11-27T01-00-delivery)
  rate_counters: RateCountersTable;
  delivery_log: DeliveryLogTable;
  // sign-in with MFA (migration 2026-11-27T02-00-mfa-sign-in)
  sessions: SessionsTable;
  mfa_challenges: MfaChallengesTable;
  failure_budgets: FailureBudgetsTable;
  face_attempts: FaceAttemptsTable;
  // face photos uploaded ahead of use (migration 2026-11-28T05-20-face-uploads)
  face_uploads: FaceUploadsTable;
  audit_events: AuditEventsTable;
  // keyring check (migration 2026-11-27T03-00-keyring-canary)
  keyring_canary: KeyringCanaryTable;
  // signed event webhooks (migration 2026-11-28T03-00-webhooks)
  webhook_endpoints: WebhookEndpointsTable;
  webhook_outbox: WebhookOutboxTable;
  // the OIDC token lifecycle (migration 2026-11-28T03-00-oidc-token-lifecycle)
  refresh_tokens: RefreshTokensTable;
  authorization_codes: AuthorizationCodesTable;
  // management API (migration 2026-11-28T03-10-management)
  access_keys: AccessKeysTable;
  pool_settings: PoolSettingsTable;
}

export interface WebhookEndpointsTable {
  id: string;
  app_id: string;
  url: string;
  /** JSON array of event types. */
  events: string;
  secret_sealed: string;
  created_at: number;
}

export interface WebhookOutboxTable {
  id: string;
  event_id: string;
  endpoint_id: string;
  app_id: string;
  event_type: string;
  payload: string;
  created_at: number;
  /** pending, delivered, failed (gave up). */
  state: string;
  attempts: Generated<number>;
  next_attempt_at: number;
  /** An instance sending it holds it until then; another may take it over after. */
  lease_until: Generated<number>;
  last_error: string | null;
  delivered_at: number | null;
}

export interface AppsTable {
  id: string;
  name: string;
  secret_hash: string;
  token_endpoint_auth_method: string;
  /** JSON array of factor types. */
  enabled_factors: string;
  /** 'off' | 'if-enrolled' | 'required' (migration 2026-11-27T02-00-mfa-sign-in). */
  mfa_policy: Generated<string>;
  created_at: number;
  /** JSON arrays of exact URIs (migration 2026-11-28T03-00-oidc-token-lifecycle). */
  redirect_uris: Generated<string>;
  post_logout_redirect_uris: Generated<string>;
  refresh_token_ttl_seconds: Generated<number>;
  id_token_ttl_seconds: Generated<number>;
}

export interface UsersTable {
  id: string;
  email: string | null;
  username: string | null;
  phone: string | null;
  phone_country_code: string | null;
  /** Canonical keys, each unique (migration 2026-11-28T00-00-identifier-keys): NFKC + case-folded, E.164. */
  email_key: string | null;
  username_key: string | null;
  phone_key: string | null;
  /** The user's id in the system it was imported from, unique (migration 2026-11-28T03-00-user-external-id). */
  external_id: Generated<string | null>;
  password_hash: string;
  /** JSON object. */
  profile: string;
  logins_count: Generated<number>;
  last_login_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface FactorsTable {
  id: string;
  user_id: string;
  type: string;
  /** JSON object: where codes go. */
  profile: string;
  secret_sealed: string | null;
  last_totp_step: number | null;
  recovery_code_hash: string | null;
  created_at: number;
}

export interface PendingEnrollmentsTable {
  token_hash: string;
  factor_id: string;
  user_id: string;
  app_id: string;
  factor_type: string;
  profile: string;
  secret_sealed: string | null;
  code_hash: string | null;
  recovery_code_hash: string | null;
  attempts: number;
  expires_at: number;
  consumed_at: number | null;
  created_at: number;
}

export interface SendThrottlesTable {
  key: string;
  free_at: number;
}

export interface RateCountersTable {
  key: string;
  count: number;
  resets_at: number;
}

export interface DeliveryLogTable {
  id: string;
  user_id: string;
  channel: string;
  purpose: string;
  masked_destination: string;
  client_ip: string;
  provider: string | null;
  outcome: string;
  reason: string | null;
  created_at: number;
}

// --- sign-in with MFA ------------------------------------------------------------------------------------

export interface SessionsTable {
  id: string;
  user_id: string;
  app_id: string;
  /** JSON array of RFC 8176 methods. */
  amr: string;
  aal: string;
  aal2_at: number | null;
  second_factor_at: number | null;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  /** When the session was last used (epoch ms; AZ-06 idle timeout). */
  last_used_at: Generated<number>;
}

export interface MfaChallengesTable {
  token_hash: string;
  kind: string;
  user_id: string;
  app_id: string;
  /** JSON array of the first factor's methods. */
  amr: string;
  scope: string;
  attempts: number;
  code_channel: string | null;
  code_hash: string | null;
  code_expires_at: number | null;
  expires_at: number;
  consumed_at: number | null;
  created_at: number;
}

export interface FailureBudgetsTable {
  user_id: string;
  failures: number;
  /** Evaluations that may still start before the next lock (reserved before comparing a code). */
  allowance: number;
  locked_until: number;
  /** 1 when only an administrator can unlock. */
  admin_lock: number;
  /** When the last evaluation was reserved: a reservation never settled (a crash) is refilled after a while. */
  reserved_at: number;
  /** Evaluations reserved and not yet settled. */
  in_flight: Generated<number>;
}

export interface AuditEventsTable {
  id: string;
  at: number;
  type: string;
  outcome: string | null;
  user_id: string | null;
  app_id: string | null;
  factor_type: string | null;
  via: string | null;
  ip: string | null;
  user_agent: string | null;
  /** JSON object, never a secret. */
  detail: string | null;
}

// --- keyring check (KEY-03) ------------------------------------------------------------------------------

export interface KeyringCanaryTable {
  id: string;
  /** A known value sealed by the secret box: only the deployment's keyring opens it. */
  sealed: string;
  created_at: number;
}

// --- the OIDC token lifecycle ----------------------------------------------------------------------------

export interface RefreshTokensTable {
  /** SHA-256 of the opaque token; the token itself is never stored. */
  token_hash: string;
  /** Every token rotated from one sign-in shares it: reuse of a rotated one revokes them all. */
  family_id: string;
  session_id: string;
  user_id: string;
  app_id: string;
  scope: string;
  created_at: number;
  expires_at: number;
  /** Set when the token was exchanged for its successor: presenting it again is reuse. */
  rotated_at: number | null;
  revoked_at: number | null;
}

/** Migration 2026-11-28T04-00-authorization-codes. */
export interface AuthorizationCodesTable {
  /** SHA-256 of the code; the code itself is never stored. */
  code_hash: string;
  app_id: string;
  user_id: string;
  session_id: string;
  redirect_uri: string;
  scope: string;
  nonce: string | null;
  code_challenge: string | null;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
}

// --- management API (issue 11) ----------------------------------------------------------------------------

export interface AccessKeysTable {
  id: string;
  name: string;
  /** Sealed with the keyring; associated data: the key id. */
  secret_sealed: string;
  /** 'active' | 'disabled'. */
  status: string;
  created_at: number;
  last_used_at: number | null;
}

export interface PoolSettingsTable {
  name: string;
  /** JSON. */
  value: string;
}

/** Consecutive failed face comparisons per face factor (migration 2026-11-28T05-00-face-attempts, BIO-02). */
export interface FaceAttemptsTable {
  factor_id: string;
  failures: number;
  last_attempt_at: number;
}

export interface FaceUploadsTable {
  id: string;
  user_id: string;
  app_id: string;
  sealed: string;
  expires_at: number;
}
