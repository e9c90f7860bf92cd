import type { FactorType } from '@tessera/contract';

/**
 * The ports the domain needs from the edges. Storage, delivery and crypto adapters implement them;
 * each storage method is named for the atomic guarantee it must give.
 */

/** Time is passed in, never read from Date.now() in the domain, so tests move it without sleeping. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** A CSPRNG; never Math.random. */
export interface Random {
  bytes(length: number): Buffer;
  /** A uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
}

/** Authenticated encryption for secrets at rest; the sealed form carries its key id. */
export interface SecretBox {
  /** `associatedData` binds the ciphertext to its row, so a ciphertext moved to another row fails to open. */
  seal(plaintext: Buffer, associatedData: string): string;
  open(sealed: string, associatedData: string): Buffer;
}

/** Keyed hashing for short codes: a database dump alone does not reveal or brute-force them. */
export interface CodeHasher {
  hash(code: string, context: string): string;
  /** Constant-time comparison. */
  matches(code: string, context: string, expectedHash: string): boolean;
}

export interface PasswordHasher {
  hash(secret: string): Promise<string>;
  verify(hash: string, secret: string): Promise<boolean>;
  /** Spends the time of one verification, so an unknown account takes as long as a wrong password. */
  burnVerification(secret: string): Promise<void>;
}

export interface AccessTokenClaims {
  userId: string;
  appId: string;
  tokenId: string;
  issuedAt: number;
  expiresAt: number;
  scope: string;
  /** `sid`: the server-side session the token belongs to (requireUser checks it is live). */
  sessionId: string;
  /** RFC 8176 methods at issuance, e.g. ['pwd', 'otp', 'mfa']. */
  amr: string[];
  /** 'aal1' | 'aal2' at issuance; the session may have been raised since. */
  acr: string;
}

export interface TokenIssuer {
  issueAccessToken(input: {
    userId: string;
    appId: string;
    scope: string;
    sessionId: string;
    amr: readonly string[];
    acr: string;
  }): Promise<{ token: string; expiresInSeconds: number }>;
  /** Returns undefined for any token that is not ours, not for this app, expired or malformed. */
  verifyAccessToken(token: string, appId: string): Promise<AccessTokenClaims | undefined>;
}

// --- delivery ------------------------------------------------------------------------------------------

export type CodePurpose = 'enroll-factor' | 'verify-mfa';
export type CodeChannel = 'sms' | 'email';

export interface OutgoingCode {
  channel: CodeChannel;
  /** E.164 phone number or email address. */
  to: string;
  code: string;
  purpose: CodePurpose;
  appName: string;
  ttlSeconds: number;
  language: 'en-US' | 'zh-CN';
}

export interface CodeSender {
  send(message: OutgoingCode): Promise<void>;
}

// --- records ---------------------------------------------------------------------------------------------

export type TokenEndpointAuthMethod = 'client_secret_post' | 'client_secret_basic' | 'none';

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

/** off: never; if-enrolled: when the user has a factor the app offers; required: always (bind first). */
export type MfaPolicy = 'off' | 'if-enrolled' | 'required';

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
  /** OTP only: hash of the recovery code shown at enrollment. */
  recoveryCodeHash: string | null;
  createdAt: number;
}

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

// --- storage ports ---------------------------------------------------------------------------------------

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

// --- send caps and the delivery log (docs/delivery.md) -------------------------------------------------

/**
 * Counts events per key in a window that opens at the key's first event and lasts `windowMs` (Redis:
 * INCR + PEXPIRE NX). Shared by every instance on the same storage.
 */
export interface RateCounter {
  /** Atomically adds one to the key's count (opening a new window when the last one has ended). */
  increment(key: string, windowMs: number, now: number): Promise<{ count: number; resetsAt: number }>;
  /** Atomically takes one back, if that window is still open: for a send another cap refused. */
  decrement(key: string, now: number): Promise<void>;
}

export type DeliveryOutcome = 'sent' | 'failed' | 'refused';

/** One attempt to send a code: who, what, when, how it ended. Never the code itself. */
export interface DeliveryRecord {
  id: string;
  userId: string;
  channel: CodeChannel;
  purpose: CodePurpose;
  /** e.g. +86138****8000, c***s@example.com */
  maskedDestination: string;
  clientIp: string;
  /** The provider that handled it; null when a cap refused it before any provider was called. */
  provider: string | null;
  outcome: DeliveryOutcome;
  /** failed: the provider's failure; refused: the cap that refused it. */
  reason: string | null;
  createdAt: number;
}

export interface DeliveryLog {
  append(record: DeliveryRecord): Promise<void>;
  /** Newest first. */
  list(query: { limit: number; userId?: string }): Promise<DeliveryRecord[]>;
}

// --- sign-in with MFA ------------------------------------------------------------------------------------

/** Authentication assurance level of a session (NIST SP 800-63B). */
export type AssuranceLevel = 'aal1' | 'aal2';

/** A server-side session: every access token names one (`sid`). */
export interface SessionRecord {
  id: string;
  userId: string;
  appId: string;
  /** RFC 8176 methods proven so far, in order. */
  amr: string[];
  aal: AssuranceLevel;
  /** Last time an aal2 factor (OTP, SMS, recovery code) was proven in this session. */
  aal2At: number | null;
  /** Last time any second factor (email included) was proven in this session. */
  secondFactorAt: number | null;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

export interface SessionStore {
  insert(session: SessionRecord): Promise<void>;
  /** A live session: not revoked, not expired. */
  findLive(sessionId: string, now: number): Promise<SessionRecord | undefined>;
  /** Records a second-factor proof: the new amr, the proof times, and aal2 when `aal2` (never lowers it). */
  recordSecondFactor(sessionId: string, proof: { amr: string[]; aal2: boolean; at: number }): Promise<void>;
  /** Revokes every live session of the user except `keepSessionId`; answers how many. */
  revokeOthers(userId: string, keepSessionId: string | null, now: number): Promise<number>;
}

export type ChallengeKind = 'verify' | 'enroll';

/** A pending sign-in: the mfaToken (stored as its hash) and the code sent for it, if any. */
export interface MfaChallenge {
  tokenHash: string;
  kind: ChallengeKind;
  userId: string;
  appId: string;
  /** The first factor's methods, e.g. ['pwd']. */
  amr: string[];
  scope: string;
  attempts: number;
  codeChannel: CodeChannel | null;
  codeHash: string | null;
  codeExpiresAt: number | null;
  expiresAt: number;
  createdAt: number;
}

export interface ChallengeStore {
  insert(challenge: MfaChallenge): Promise<void>;
  /** An unconsumed, unexpired challenge for the app, or undefined. Spends nothing. */
  findActive(tokenHash: string, appId: string, now: number): Promise<MfaChallenge | undefined>;
  /**
   * Atomically spends one of the challenge's attempts and returns it; undefined when it is unknown, of
   * another app, expired, consumed, or out of attempts.
   */
  reserveAttempt(tokenHash: string, appId: string, now: number, maxAttempts: number): Promise<MfaChallenge | undefined>;
  /** Replaces the challenge's code (the previous one stops working, OOB-04); false when it is no longer active. */
  setCode(tokenHash: string, code: { channel: CodeChannel; hash: string; expiresAt: number }, now: number): Promise<boolean>;
  /** Clears the code if it still is `hash` (its delivery failed). */
  clearCode(tokenHash: string, hash: string): Promise<void>;
  /**
   * Single use: marks the challenge consumed only if it is still unconsumed and unexpired — and, when
   * `codeHash` is given, still holds that unexpired code. Exactly one of concurrent calls answers true.
   */
  consume(tokenHash: string, now: number, codeHash?: string): Promise<boolean>;
}

export interface FailureBudgetPolicy {
  /** Every this many consecutive failures, verification locks for a while (RL-01: 10). */
  failuresPerLock: number;
  /** At this many consecutive failures, only an administrator can unlock (RL-01: 100). */
  failuresUntilAdminUnlock: number;
  firstLockSeconds: number;
  maxLockSeconds: number;
}

export type BudgetReservation =
  | { granted: true }
  /** retryAfterMs null: locked until an administrator unlocks. */
  | { granted: false; retryAfterMs: number | null };

export interface FailureBudgetState {
  consecutiveFailures: number;
  /** Set when this failure started a lock. */
  lockedUntil: number | null;
  adminUnlockRequired: boolean;
}

/**
 * One budget of consecutive second-factor failures per account, shared by every factor, challenge and
 * instance (RL-01…RL-04). An evaluation must first `reserve` its place, so parallel guesses can never
 * evaluate more than the budget left; its outcome then either `recordFailure` or `clear`s.
 */
export interface FailureBudget {
  reserve(userId: string, now: number, policy: FailureBudgetPolicy): Promise<BudgetReservation>;
  /** Gives back a reservation that evaluated nothing (the request failed before comparing a code). */
  release(userId: string): Promise<void>;
  /** Counts one failure of a reserved evaluation, locking when it reaches a threshold. */
  recordFailure(userId: string, now: number, policy: FailureBudgetPolicy): Promise<FailureBudgetState>;
  /** A success, or an administrator's unlock: zero failures, no lock, a full budget. */
  clear(userId: string, policy: FailureBudgetPolicy): Promise<void>;
  inspect(userId: string): Promise<{ consecutiveFailures: number; lockedUntil: number; adminUnlockRequired: boolean } | undefined>;
}

export type AuditEventType =
  | 'factor.enroll'
  | 'factor.reset'
  | 'verify'
  | 'lock'
  | 'unlock'
  | 'recovery-code.use'
  | 'recovery-code.regenerate'
  | 'sign-in';

/** ok, failed, replayed (a right code used before), locked (refused without evaluation), or a sign-in step. */
export type AuditOutcome = 'ok' | 'failed' | 'replayed' | 'locked' | 'challenged' | 'enroll-required' | null;

/** One audit line. Never a secret, code, token or hash. */
export interface AuditEvent {
  id: string;
  at: number;
  type: AuditEventType;
  outcome: AuditOutcome;
  userId: string | null;
  appId: string | null;
  factorType: FactorType | null;
  /** Where: 'sign-in', 'enrollment', 'step-up', 'admin'. */
  via: string | null;
  ip: string | null;
  userAgent: string | null;
  /** Non-secret details, e.g. { lockedUntil } or { failures }. */
  detail: Record<string, unknown> | null;
}

export interface AuditLog {
  append(event: AuditEvent): Promise<void>;
  /** Oldest first. */
  list(query: { userId?: string; limit: number }): Promise<AuditEvent[]>;
}
