import type { FactorType } from '@tessera/contract';

/** The append-only audit trail. */

export type AuditEventType =
  | 'factor.enroll'
  | 'factor.reset'
  | 'verify'
  | 'lock'
  | 'unlock'
  | 'recovery-code.use'
  | 'recovery-code.regenerate'
  | 'sign-in'
  | 'passkey.counter-regression';

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
  /** Where: 'sign-in', 'enrollment', 'step-up', 'self-service', 'admin'. */
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
