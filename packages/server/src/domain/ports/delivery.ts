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

export interface CodeSender {
  send(message: OutgoingCode): Promise<void>;
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

export interface SendThrottle {
  /** Takes the only send slot of `key` for `windowMs`; when taken, how long until it frees. */
  acquire(key: string, windowMs: number, now: number): Promise<{ acquired: true } | { acquired: false; retryAfterMs: number }>;
}
