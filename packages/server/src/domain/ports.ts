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
}

export interface TokenIssuer {
  issueAccessToken(input: { userId: string; appId: string; scope: string }): Promise<{ token: string; expiresInSeconds: number }>;
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
}

export interface SendThrottle {
  /** Takes the only send slot of `key` for `windowMs`; when taken, how long until it frees. */
  acquire(key: string, windowMs: number, now: number): Promise<{ acquired: true } | { acquired: false; retryAfterMs: number }>;
}
