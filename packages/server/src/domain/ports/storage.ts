import type { FactorType } from '@tessera/contract';
import type { AppRecord, FactorRecord, MfaPolicy, PendingEnrollment, UserRecord } from './records.js';

/** Storage ports, each method named for the atomic guarantee it must give. */

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
  /** By one identifier's canonical key (domain/accounts/account-identifiers.ts), never by the typed form. */
  findByLogin(login: { emailKey: string } | { usernameKey: string } | { phoneKey: string }): Promise<UserRecord | undefined>;
  /**
   * Inserts with the identifiers' canonical keys, each unique across accounts, or answers the field whose
   * key is already taken.
   */
  insert(
    user: UserRecord,
    keys: { emailKey: string | null; usernameKey: string | null; phoneKey: string | null },
  ): Promise<{ inserted: true } | { inserted: false; conflict: 'email' | 'username' | 'phone' }>;
  recordLogin(userId: string, at: number): Promise<void>;
}

export interface FactorRepository {
  listByUser(userId: string): Promise<FactorRecord[]>;
  /** Only a factor of this user: another user's id is indistinguishable from an unknown one. */
  findForUser(userId: string, factorId: string): Promise<FactorRecord | undefined>;
  findByType(userId: string, type: FactorType): Promise<FactorRecord | undefined>;
  /** Deletes the row and with it the sealed secret; false when the user has no such factor. */
  deleteForUser(userId: string, factorId: string): Promise<boolean>;
  /** Compare-and-set: moves lastTotpStep to `step` only if it is still below it. True when it moved. */
  advanceTotpStep(factorId: string, step: number): Promise<boolean>;
  /**
   * Compare-and-set of the OTP factor's recovery code hash: replaces it only if it still is `expectedHash`.
   * Of concurrent redemptions of one recovery code, exactly one answers true (REC-02).
   */
  swapRecoveryCodeHash(factorId: string, expectedHash: string, newHash: string): Promise<boolean>;
}

export interface EnrollmentStore {
  insert(pending: PendingEnrollment): Promise<void>;
  /** Removes a pending enrollment that never got its code delivered. */
  discard(tokenHash: string): Promise<void>;
  /**
   * Atomically spends one of the token's attempts and returns it; undefined when the token is unknown,
   * belongs to another user, is expired, consumed, or has no attempts left.
   */
  reserveAttempt(tokenHash: string, userId: string, now: number, maxAttempts: number): Promise<PendingEnrollment | undefined>;
  /**
   * In one transaction: consumes the token (only if still unconsumed) and binds the factor.
   * Exactly one of several concurrent calls for one token answers 'bound'.
   */
  complete(tokenHash: string, factor: FactorRecord, now: number): Promise<'bound' | 'token-used' | 'type-already-bound'>;
  /**
   * In one transaction: invalidates every earlier live enrollment of the same user and factor type as
   * `tokenHash` and carries their spent attempts over to it (OOB-04: a new code voids the old one and never
   * resets its failure count). "Earlier" is created no later: a send never voids a later one, and only two
   * sends racing in the same millisecond can void each other, which fails safe (the user asks again).
   */
  supersedeEarlier(tokenHash: string, now: number): Promise<void>;
}

export interface SendThrottle {
  /** Takes the only send slot of `key` for `windowMs`; when taken, how long until it frees. */
  acquire(key: string, windowMs: number, now: number): Promise<{ acquired: true } | { acquired: false; retryAfterMs: number }>;
}
