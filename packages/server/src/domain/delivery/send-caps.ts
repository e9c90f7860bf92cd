import { canonicalEmail } from '../contact/contact-address.js';
import type { CodeChannel } from '../ports.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** How many codes may leave, per what (OOB-05; defaults in config.ts, reasons in docs/delivery.md). */
export interface SendCapPolicy {
  /** One code per phone number / email per this many seconds (documented V3 limit: 60). */
  sendIntervalSeconds: number;
  /** Per destination and, separately, per user, over a rolling hour. */
  maxSendsPerHour: number;
  /** Per destination and, separately, per user, over a rolling day. */
  maxSendsPerDay: number;
  /** SMS per client IP over a rolling hour (SMS pumping comes from few sources and many numbers). */
  maxSmsPerIpPerHour: number;
  /** SMS per deployment per UTC day: the bill's ceiling. TOTP and email are not affected. */
  smsDailyBudget: number;
}

/** Which cap refused a send; what the delivery log records. */
export type SendCapName =
  | 'destination-interval'
  | 'destination-hourly'
  | 'destination-daily'
  | 'user-hourly'
  | 'user-daily'
  | 'ip-hourly'
  | 'sms-daily-budget';

/** One counter a send must fit under. */
export interface SendCap {
  name: Exclude<SendCapName, 'destination-interval'>;
  key: string;
  windowMs: number;
  limit: number;
}

/** The counted caps that apply to one send (the 60 s interval is a separate slot, see code-dispatch.ts). */
export function sendCapsFor(
  request: { channel: CodeChannel; to: string; userId: string; clientIp: string },
  policy: SendCapPolicy,
  now: number,
): SendCap[] {
  const destination = destinationKey(request.channel, request.to);
  const caps: SendCap[] = [
    { name: 'destination-hourly', key: `dest-hour:${destination}`, windowMs: HOUR_MS, limit: policy.maxSendsPerHour },
    { name: 'destination-daily', key: `dest-day:${destination}`, windowMs: DAY_MS, limit: policy.maxSendsPerDay },
    { name: 'user-hourly', key: `user-hour:${request.userId}`, windowMs: HOUR_MS, limit: policy.maxSendsPerHour },
    { name: 'user-daily', key: `user-day:${request.userId}`, windowMs: DAY_MS, limit: policy.maxSendsPerDay },
  ];
  if (request.channel === 'sms') {
    caps.push(
      { name: 'ip-hourly', key: `ip-sms-hour:${request.clientIp}`, windowMs: HOUR_MS, limit: policy.maxSmsPerIpPerHour },
      // The UTC date in the key makes the budget a calendar day: it resets at 00:00 UTC.
      { name: 'sms-daily-budget', key: `sms-budget:${utcDate(now)}`, windowMs: DAY_MS, limit: policy.smsDailyBudget },
    );
  }
  return caps;
}

/**
 * What the per-destination caps and the send interval count: the canonical form, so that `Victim@` and
 * `vIctim@` are one destination (issue 9, item 4). Phones arrive as E.164 already. The code still goes to
 * the address as given.
 */
export function destinationKey(channel: CodeChannel, to: string): string {
  return channel === 'email' ? canonicalEmail(to) : to;
}

/** Milliseconds from `now` to the next 00:00 UTC, when the SMS budget starts afresh. */
export function msUntilNextUtcDay(now: number): number {
  return DAY_MS - (now % DAY_MS);
}

function utcDate(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}
