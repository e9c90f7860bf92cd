import type { FactorRecord } from './factors.js';

/** Server-side sessions: every access token names one. */

/** Authentication assurance level of a session (NIST SP 800-63B). */
/** aal3: a device-bound passkey with user verification (passwordless), the only way there. */
export type AssuranceLevel = 'aal1' | 'aal2' | 'aal3';

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
  /** Absolute end of the session. */
  expiresAt: number;
  /** Last time a request used it (kept to about a minute): its second-factor elevation lapses when idle. */
  lastUsedAt: number;
  revokedAt: number | null;
}

export interface SessionStore {
  insert(session: SessionRecord): Promise<void>;
  /** A live session: not revoked, not expired. */
  findLive(sessionId: string, now: number): Promise<SessionRecord | undefined>;
  /** Records a second-factor proof: the new amr, the proof times, and aal2 when `aal2` (never lowers it). */
  recordSecondFactor(sessionId: string, proof: { amr: string[]; aal2: boolean; at: number }): Promise<void>;
  /** Records a use of the session. */
  touch(sessionId: string, at: number): Promise<void>;
  /** Ends the session's second-factor elevation: aal1, no proof times (the amr of its sign-in stays). */
  lapseElevation(sessionId: string): Promise<void>;
  /** Revokes one session (logout, refresh-token reuse); answers whether it was live. */
  revoke(sessionId: string, now: number): Promise<boolean>;
  /** Revokes every live session of the user except `keepSessionId`; answers how many. */
  revokeOthers(userId: string, keepSessionId: string | null, now: number): Promise<number>;
  /** The user's live sessions, newest first. */
  listLive(userId: string, now: number): Promise<SessionRecord[]>;
  /** Revokes one live session of the user; false when the user has no such live session. */
  revokeOne(userId: string, sessionId: string, now: number): Promise<boolean>;
}

/** What a verified access token says of its session: which one, whose, for which app. */
export interface SessionClaims {
  sessionId: string;
  userId: string;
  appId: string;
}

/**
 * Reads that check the session in the same statement (issue 14: one round trip per authenticated read).
 * Each answers undefined when the session is not live (unknown, revoked, expired) or not the claims' user
 * and app; else the session as stored and what was read, always of the claims' user.
 */
export interface LiveSessionReads {
  /** The user's factor of that id (undefined when the user has none: another user's is never found). */
  factorOf(claims: SessionClaims, factorId: string, now: number): Promise<{ session: SessionRecord; factor: FactorRecord | undefined } | undefined>;
  /** The user's factors, oldest first (the order of FactorRepository.listByUser). */
  factorsOf(claims: SessionClaims, now: number): Promise<{ session: SessionRecord; factors: FactorRecord[] } | undefined>;
}
