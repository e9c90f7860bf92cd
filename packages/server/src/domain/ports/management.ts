import type { UserRecord } from './identity.js';

/** What the management API (issue 11) keeps: access keys, pool-wide settings, the user directory. */

export type AccessKeyStatus = 'active' | 'disabled';

export interface AccessKeyRecord {
  id: string;
  name: string;
  /** The secret, sealed with the keyring (associated data: the key id): HMAC verification needs it. */
  secretSealed: string;
  status: AccessKeyStatus;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface AccessKeyRepository {
  insert(key: AccessKeyRecord): Promise<void>;
  findById(id: string): Promise<AccessKeyRecord | undefined>;
  list(): Promise<AccessKeyRecord[]>;
  /** False when there is no such key. */
  setStatus(id: string, status: AccessKeyStatus): Promise<boolean>;
  /** False when there is no such key. */
  delete(id: string): Promise<boolean>;
  touch(id: string, at: number): Promise<void>;
}

/** Named JSON values for the whole pool. */
export interface PoolSettings {
  read<T>(name: string): Promise<T | undefined>;
  write(name: string, value: unknown): Promise<void>;
  /** Stores `value` unless the name holds one already (two first starts racing keep the first); answers the stored one. */
  writeOnce<T>(name: string, value: T): Promise<T>;
}

/** Columns an operator may change on a user; undefined leaves a column as it is. */
export interface UserChanges {
  email?: { value: string | null; key: string | null };
  username?: { value: string | null; key: string | null };
  phone?: { value: string | null; countryCode: string | null; key: string | null };
  externalId?: string | null;
  passwordHash?: string;
  profile?: Record<string, unknown>;
}

export interface UserListQuery {
  /** Exact canonical keys. */
  emailKey?: string;
  usernameKey?: string;
  phoneKey?: string;
  offset: number;
  limit: number;
}

export interface UserDirectory {
  /** A page by creation order, and how many match in all. */
  list(query: UserListQuery): Promise<{ totalCount: number; users: UserRecord[] }>;
  /** The identifier a unique key another account holds, or the changed record (undefined: no such user). */
  update(userId: string, changes: UserChanges, at: number): Promise<{ updated: UserRecord | undefined } | { conflict: 'email' | 'username' | 'phone' | 'externalId' }>;
  /** Deletes the users with their factors, sessions and pending enrollments; answers the ids deleted. */
  deleteMany(userIds: readonly string[]): Promise<string[]>;
}

/** Management tokens (spec §2.4): what the Python ManagementClient exchanges its access key for. */
export interface ManagementTokenClaims {
  accessKeyId: string;
  userPoolId: string;
}

export interface ManagementTokenIssuer {
  issue(claims: ManagementTokenClaims): Promise<{ token: string; expiresInSeconds: number }>;
  /** Undefined for any token that is not a live management token of this deployment (a user's access token included). */
  verify(token: string): Promise<ManagementTokenClaims | undefined>;
}
