import type { FactorType } from '@tessera/contract';
import type { CodeChannel } from './delivery.js';

/** Sign-in with MFA: sessions, challenges, the failure budget and the audit trail. */

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
