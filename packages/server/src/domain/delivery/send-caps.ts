import { canonicalEmail } from '../contact/contact-address.js';
import type { CodeChannel, CodePurpose } from '../ports.js';

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
  /** SMS per client IP over a rolling day, so one source cannot spend the whole daily budget. */
  maxSmsPerIpPerDay: number;
  /** Email codes per client IP over a rolling hour and day (mail bombing, sender reputation). */
  maxEmailPerIpPerHour: number;
  maxEmailPerIpPerDay: number;
  /** SMS per deployment per UTC day: the bill's ceiling. TOTP and email are not affected. */
  smsDailyBudget: number;
  /** Security notices per user over a rolling day: counted apart, so they never spend the user's code caps. */
  maxNoticesPerUserPerDay: number;
}

/** Which cap refused a send; what the delivery log records. */
export type SendCapName =
  | 'destination-interval'
  | 'destination-hourly'
  | 'destination-daily'
  | 'user-hourly'
  | 'user-daily'
  | 'ip-hourly'
  | 'ip-daily'
  | 'notices-daily'
  | 'sms-daily-budget';

/** One counter a send must fit under. */
export interface SendCap {
  name: Exclude<SendCapName, 'destination-interval'>;
  key: string;
  windowMs: number;
  limit: number;
}

/**
 * The bucket of a destination's caps and its 60 s slot. Codes to a new destination (binding) and codes to
 * a factor its owner already bound (sign-in) never share one, so strangers binding — or pretending to
 * bind — a victim's number can exhaust the binding bucket, never the victim's sign-in codes.
 */
export function destinationBucket(purpose: CodePurpose, channel: CodeChannel, to: string): string {
  return `${purpose === 'verify-mfa' ? 'own' : 'new'}:${channel}:${destinationKey(channel, to)}`;
}

/** The counted caps that apply to one send (the 60 s interval is a separate slot, see code-dispatch.ts). */
export function sendCapsFor(
  request: { channel: CodeChannel; purpose: CodePurpose; to: string; userId: string; clientIp: string },
  policy: SendCapPolicy,
  now: number,
): SendCap[] {
  const destination = destinationBucket(request.purpose, request.channel, request.to);
  const [ipHourly, ipDaily] =
    request.channel === 'sms' ? [policy.maxSmsPerIpPerHour, policy.maxSmsPerIpPerDay] : [policy.maxEmailPerIpPerHour, policy.maxEmailPerIpPerDay];
  const caps: SendCap[] = [
    { name: 'destination-hourly', key: `dest-hour:${destination}`, windowMs: HOUR_MS, limit: policy.maxSendsPerHour },
    { name: 'destination-daily', key: `dest-day:${destination}`, windowMs: DAY_MS, limit: policy.maxSendsPerDay },
    { name: 'user-hourly', key: `user-hour:${request.userId}`, windowMs: HOUR_MS, limit: policy.maxSendsPerHour },
    { name: 'user-daily', key: `user-day:${request.userId}`, windowMs: DAY_MS, limit: policy.maxSendsPerDay },
    { name: 'ip-hourly', key: `ip-${request.channel}-hour:${request.clientIp}`, windowMs: HOUR_MS, limit: ipHourly },
    { name: 'ip-daily', key: `ip-${request.channel}-day:${request.clientIp}`, windowMs: DAY_MS, limit: ipDaily },
  ];
  if (request.channel === 'sms') {
    // The UTC date in the key makes the budget a calendar day: it resets at 00:00 UTC.
    caps.push({ name: 'sms-daily-budget', key: `sms-budget:${utcDate(now)}`, windowMs: DAY_MS, limit: policy.smsDailyBudget });
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

/** The caps of a security notice: its own per-user count, and the SMS budget for an SMS. */
export function noticeCapsFor(request: { channel: CodeChannel; userId: string }, policy: SendCapPolicy, now: number): SendCap[] {
  const caps: SendCap[] = [{ name: 'notices-daily', key: `notice-day:${request.userId}`, windowMs: DAY_MS, limit: policy.maxNoticesPerUserPerDay }];
  if (request.channel === 'sms') {
    caps.push({ name: 'sms-daily-budget', key: `sms-budget:${utcDate(now)}`, windowMs: DAY_MS, limit: policy.smsDailyBudget });
  }
  return caps;
}

/** Milliseconds from `now` to the next 00:00 UTC, when the SMS budget starts afresh. */
export function msUntilNextUtcDay(now: number): number {
  return DAY_MS - (now % DAY_MS);
}

function utcDate(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}
