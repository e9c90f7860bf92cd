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
}

export interface UserRecord {
  id: string;
  email: string | null;
  username: string | null;
  phone: string | null;
  phoneCountryCode: string | null;
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
}

export interface UserRepository {
  findById(userId: string): Promise<UserRecord | undefined>;
  findByLogin(login: { email?: string; username?: string; phone?: string }): Promise<UserRecord | undefined>;
  /** Inserts, or answers the field that is already taken ('email' | 'username'). */
  insert(user: UserRecord): Promise<{ inserted: true } | { inserted: false; conflict: 'email' | 'username' }>;
  recordLogin(userId: string, at: number): Promise<void>;
}
