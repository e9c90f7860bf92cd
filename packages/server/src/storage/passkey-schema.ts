/** Passkey tables (migration 2026-11-28T05-10-passkeys). */
export interface PasskeyTables {
  passkey_credentials: PasskeyCredentialsTable;
  webauthn_user_handles: { user_id: string; handle: string };
  webauthn_challenges: WebAuthnChallengesTable;
  webauthn_app_settings: { app_id: string; rp_id: string | null; origins: string | null; attestation: string };
}

export interface PasskeyCredentialsTable {
  id: string;
  factor_id: string;
  user_id: string;
  credential_id: string;
  public_key: string;
  counter: number;
  /** JSON array. */
  transports: string;
  backed_up: number;
  device_type: string;
  authenticator_code: string | null;
  name: string;
  rp_id: string;
  counter_regressions: number;
  flagged_at: number | null;
  created_at: number;
  last_used_at: number | null;
}

export interface WebAuthnChallengesTable {
  ticket_hash: string;
  ceremony: string;
  user_id: string | null;
  app_id: string;
  challenge: string;
  mfa_token_hash: string | null;
  expires_at: number;
  consumed_at: number | null;
  created_at: number;
}
