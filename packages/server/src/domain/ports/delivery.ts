/** How codes leave Tessera, the throttles and caps on sending them, and the log of every attempt. */

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

/**
 * What a security notice tells the account holder (ENR-08, RPL-05, REC-04): something changed or happened
 * that they should know about, sent over a channel independent of the change.
 */
export type SecurityEvent =
  | 'factor-bound'
  | 'factor-removed'
  | 'recovery-code-used'
  | 'recovery-code-regenerated'
  | 'account-locked'
  | 'code-replayed';

export interface OutgoingNotice {
  channel: CodeChannel;
  /** E.164 phone number or email address. */
  to: string;
  event: SecurityEvent;
  /** The factor the event concerns, when there is one. */
  factorType: string | null;
  appName: string;
  language: 'en-US' | 'zh-CN';
}

export function isNotice(message: OutgoingCode | OutgoingNotice): message is OutgoingNotice {
  return 'event' in message;
}

/** Sends codes and security notices; every adapter (outbox, SMTP, SMS webhook, Twilio) renders both. */
export interface CodeSender {
  send(message: OutgoingCode | OutgoingNotice): Promise<void>;
}

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
  purpose: CodePurpose | 'security-notice';
  /** e.g. +86138****8000, c***@example.com */
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

export interface SendThrottle {
  /** Takes the only send slot of `key` for `windowMs`; when taken, how long until it frees. */
  acquire(key: string, windowMs: number, now: number): Promise<{ acquired: true } | { acquired: false; retryAfterMs: number }>;
  /** Deletes the freed slots whose key starts with `keyPrefix` (a store whose slots expire on their own does nothing). */
  forgetFreed(keyPrefix: string, now: number): Promise<void>;
}
