import type { FactorType } from '@tessera/contract';

/** Who calls (applications) and who signs in (users). */

export type TokenEndpointAuthMethod = 'client_secret_post' | 'client_secret_basic' | 'none';

/** off: never; if-enrolled: when the user has a factor the app offers; required: always (bind first). */
export type MfaPolicy = 'off' | 'if-enrolled' | 'required';

export interface AppRecord {
  id: string;
  name: string;
  secretHash: string;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  enabledFactors: FactorType[];
  /** Whether sign-in asks for a second factor (docs/mfa-sign-in.md). */
  mfaPolicy: MfaPolicy;
  createdAt: number;
  /** OIDC client settings (docs/oidc.md): exact URIs only, no patterns. */
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  refreshTokenTtlSeconds: number;
  idTokenTtlSeconds: number;
}

/** The OIDC client settings an operator may change. */
export interface OidcClientSettings {
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  refreshTokenTtlSeconds?: number;
  idTokenTtlSeconds?: number;
}

export interface UserRecord {
  id: string;
  email: string | null;
  username: string | null;
  phone: string | null;
  phoneCountryCode: string | null;
  /** The user's id in the system it was imported from (management `userIdType=external_id`); unique. */
  externalId?: string | null;
  /** Tessera's argon2id, or a bcrypt / Argon2 PHC hash brought by an import until its first sign-in. */
  passwordHash: string;
  profile: Record<string, unknown>;
  loginsCount: number;
  lastLoginAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface AppRepository {
  findById(appId: string): Promise<AppRecord | undefined>;
  insert(app: AppRecord): Promise<void>;
  list(): Promise<AppRecord[]>;
  count(): Promise<number>;
  /** Changes the MFA settings of an app; undefined when there is no such app. */
  updateMfaSettings(appId: string, changes: { mfaPolicy?: MfaPolicy; enabledFactors?: FactorType[] }): Promise<AppRecord | undefined>;
  /** Changes the OIDC client settings of an app; undefined when there is no such app. */
  updateOidcSettings(appId: string, changes: OidcClientSettings): Promise<AppRecord | undefined>;
}

export interface UserRepository {
  findById(userId: string): Promise<UserRecord | undefined>;
  /** By one identifier's canonical key (domain/accounts/account-identifiers.ts), never by the typed form. */
  findByLogin(login: { emailKey: string } | { usernameKey: string } | { phoneKey: string }): Promise<UserRecord | undefined>;
  /**
   * Inserts with the identifiers' canonical keys, each unique across accounts, or answers the field whose
   * key is already taken.
   */
  insert(
    user: UserRecord,
    keys: { emailKey: string | null; usernameKey: string | null; phoneKey: string | null },
  ): Promise<{ inserted: true } | { inserted: false; conflict: 'email' | 'username' | 'phone' | 'externalId' }>;
  recordLogin(userId: string, at: number): Promise<void>;
  findByExternalId(externalId: string): Promise<UserRecord | undefined>;
  /** Compare-and-set of the password hash (an imported hash upgraded at sign-in); true when it changed. */
  replacePasswordHash(userId: string, expectedHash: string, nextHash: string): Promise<boolean>;
}
