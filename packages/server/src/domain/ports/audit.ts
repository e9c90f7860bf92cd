import type { FactorType } from '@tessera/contract';
import type { OutgoingEvent } from './events.js';

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
  | 'refresh-token.reuse'
  | 'authorization-code.reuse'
  | 'sign-out'
  // management API (issue 11): every call, and what it changed
  | 'management.call'
  | 'access-key.create'
  | 'access-key.enable'
  | 'access-key.disable'
  | 'access-key.delete'
  | 'otp-secret.export'
  | 'user.delete'
  | 'session.revoke'
  | 'mfa-settings.update'
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
  /** Stores the line and the outbox rows it raised (webhooks), all or none. */
  append(event: AuditEvent, outgoing?: readonly OutgoingEvent[]): Promise<void>;
  /** Oldest first. */
  list(query: { userId?: string; limit: number }): Promise<AuditEvent[]>;
  /** Oldest first, after the event `after` (a cursor: an event id), filtered; at most `limit`. */
  query(filter: AuditQuery): Promise<AuditEvent[]>;
}

/** The management API's audit query (issue 11): user, type, time range, cursor. */
export interface AuditQuery {
  userId?: string;
  type?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  after?: string;
  limit: number;
}

/** What the audit trail asks before it stores an event: the outbox rows to write in the same transaction. */
export interface EventOutbox {
  outgoingFor(event: AuditEvent): Promise<OutgoingEvent[]>;
}
