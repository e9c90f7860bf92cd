import type { FactorType } from '@tessera/contract';

/** Bound factors and the enrollments that may become one. */

/** Where an out-of-band factor's codes go. */
export interface FactorContact {
  phoneNumber?: string;
  phoneCountryCode?: string;
  email?: string;
}

export interface FactorRecord {
  id: string;
  userId: string;
  type: FactorType;
  profile: FactorContact;
  /** OTP only: the sealed TOTP secret (associated data: the factor id). */
  secretSealed: string | null;
  /** OTP only: the last time step accepted, for replay protection (RFC 6238 §5.2). */
  lastTotpStep: number | null;
  /** OTP only: hash of the current recovery code. */
  recoveryCodeHash: string | null;
  createdAt: number;
}

/** A factor being bound: it exists as a factor only once its code proved possession. */
export interface PendingEnrollment {
  tokenHash: string;
  factorId: string;
  userId: string;
  appId: string;
  factorType: FactorType;
  profile: FactorContact;
  secretSealed: string | null;
  codeHash: string | null;
  recoveryCodeHash: string | null;
  attempts: number;
  expiresAt: number;
  createdAt: number;
}

export interface FactorRepository {
  listByUser(userId: string): Promise<FactorRecord[]>;
  /** Only a factor of this user: another user's id is indistinguishable from an unknown one. */
  findForUser(userId: string, factorId: string): Promise<FactorRecord | undefined>;
  findByType(userId: string, type: FactorType): Promise<FactorRecord | undefined>;
  /**
   * Binds a factor that needs no proof of possession (an import, issue 11): one row, written whole, unless
   * the user already has a factor of its type (then false, and nothing is written).
   */
  insertUnlessTypeBound(factor: FactorRecord): Promise<boolean>;
  /** Deletes the row and with it the sealed secret; false when the user has no such factor. */
  deleteForUser(userId: string, factorId: string): Promise<boolean>;
  /** Compare-and-set: moves lastTotpStep to `step` only if it is still below it. True when it moved. */
  advanceTotpStep(factorId: string, step: number): Promise<boolean>;
  /** Compare-and-set of the sealed secret (a re-seal under the active key, KEY-02); true when it changed. */
  replaceSecret(factorId: string, expectedSealed: string, nextSealed: string): Promise<boolean>;
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
