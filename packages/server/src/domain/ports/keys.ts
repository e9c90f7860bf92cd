import type { SecretBox } from './crypto.js';

/** What the keyring checks (KEY-03) and key rotation (KEY-02) ask of the runtime and the store. */

/** A secret box that knows which key sealed a value, so values can be moved to the active key. */
export interface RotatingSecretBox extends SecretBox {
  /** The id of the key that sealed `sealed`, or undefined when the format is not one this box writes. */
  keyIdOf(sealed: string): string | undefined;
  /**
   * KEY-02: true when `sealed` was sealed with a key other than the active one (or an older format), so
   * a caller that has just opened it may store `seal(plaintext, associatedData)` instead (lazy re-seal).
   */
  needsReseal(sealed: string): boolean;
  /** Every value sealed with `keyId` starts with this string (and no value sealed with another key does). */
  sealedPrefixOf(keyId: string): string;
  /** The key that seals new values. */
  readonly activeKeyId: string;
  /** Every key id this box can open. */
  readonly keyIds: readonly string[];
}

/** The tables holding sealed secrets; each row's associated data is its factor id (access keys, webhook endpoints: their id). */
export type SealedTable = 'factors' | 'pending_enrollments' | 'keyring_canary' | 'webhook_endpoints' | 'access_keys';
export const SEALED_TABLES: readonly SealedTable[] = ['factors', 'pending_enrollments', 'keyring_canary', 'webhook_endpoints', 'access_keys'];

export interface SealedRow {
  table: SealedTable;
  /** The row's key (factor id, enrollment token hash, canary id): what a cursor moves over. */
  rowId: string;
  /** What the value was sealed with as associated data. */
  associatedData: string;
  sealed: string;
}

/** Every sealed column of the database, for re-sealing in batches and for counting what a key still holds. */
export interface SealedSecretStore {
  /** Up to `limit` rows of `table` whose value does not start with `prefix`, with rowId > `afterRowId`, by rowId. */
  listNotPrefixed(table: SealedTable, prefix: string, afterRowId: string, limit: number): Promise<SealedRow[]>;
  /** Compare-and-set: replaces the value only if it is still `expected` (a concurrent reset or re-seal wins). */
  replace(row: SealedRow, next: string): Promise<boolean>;
  /** Rows of `table` whose value starts with `prefix`. */
  countPrefixed(table: SealedTable, prefix: string): Promise<number>;
  /** Rows of `table` holding a value that does not start with `prefix`. */
  countNotPrefixed(table: SealedTable, prefix: string): Promise<number>;
  /** Some sealed values (at most `limit` per table), to check a keyring against a database that has no canary yet. */
  sample(limit: number): Promise<SealedRow[]>;
}

/** The canary's row id, which is also the associated data it is sealed with. */
export const KEYRING_CANARY_ID = 'keyring-canary';

/** The sealed canary of KEY-03 and what tells an empty database from one that holds data. */
export interface KeyringCanaryStore {
  read(): Promise<string | undefined>;
  /** Inserts the canary unless one exists (two first starts racing keep the first); returns the stored one. */
  writeOnce(sealed: string, at: number): Promise<string>;
  /** True when any application, user, factor, enrollment or canary row exists. */
  hasData(): Promise<boolean>;
}
