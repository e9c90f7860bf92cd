import type { Generated } from 'kysely';

/**
 * Table types as Kysely sees them. Times are epoch milliseconds (BIGINT); JSON columns are TEXT so the
 * same schema runs on SQLite and PostgreSQL.
 */
export interface Database {
  apps: AppsTable;
  users: UsersTable;
  factors: FactorsTable;
  pending_enrollments: PendingEnrollmentsTable;
  send_throttles: SendThrottlesTable;
}

export interface AppsTable {
  id: string;
  name: string;
  secret_hash: string;
  token_endpoint_auth_method: string;
  /** JSON array of factor types. */
  enabled_factors: string;
  created_at: number;
}

export interface UsersTable {
  id: string;
  email: string | null;
  username: string | null;
  phone: string | null;
  phone_country_code: string | null;
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
