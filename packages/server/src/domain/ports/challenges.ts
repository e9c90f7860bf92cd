import type { CodeChannel } from './delivery.js';

/** Pending sign-ins: the mfaToken of a 1635/1636 answer, and the code sent for it. */

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
