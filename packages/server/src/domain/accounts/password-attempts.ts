import { hashOpaqueToken } from '../codes/one-time-codes.js';
import { isTesseraError, TesseraError } from '../errors.js';
import type { Clock, RateCounter } from '../ports.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * How many wrong passwords are evaluated (RL-01 for the first factor; defaults in config.ts, reasons in
 * docs/configuration.md). Each budget has an hourly step (the back-off) and a daily one (the refusal).
 */
export interface PasswordAttemptPolicy {
  /** Per account AND client IP: a stranger elsewhere spends nothing of the owner's budget. */
  maxFailuresPerAccountPerHour: number;
  maxFailuresPerAccountPerDay: number;
  /** Per client IP, whatever the account: one source spraying many accounts. */
  maxFailuresPerIpPerHour: number;
  maxFailuresPerIpPerDay: number;
}

/** One counter a password attempt must fit under. */
interface AttemptBudget {
  key: string;
  windowMs: number;
  limit: number;
}

/**
 * The budgets one attempt counts against. The account is named by the login as typed, canonicalised
 * (NFKC, case-folded) and hashed: the same for a known and an unknown account, so the throttle tells
 * nobody which accounts exist, and no address is kept in a counter key.
 */
export function passwordBudgetsFor(attempt: { login: string; clientIp: string }, policy: PasswordAttemptPolicy): AttemptBudget[] {
  const account = hashOpaqueToken(attempt.login.normalize('NFKC').trim().toLowerCase());
  const ip = attempt.clientIp;
  return [
    { key: `pwd-acct-hour:${account}:${ip}`, windowMs: HOUR_MS, limit: policy.maxFailuresPerAccountPerHour },
    { key: `pwd-acct-day:${account}:${ip}`, windowMs: DAY_MS, limit: policy.maxFailuresPerAccountPerDay },
    { key: `pwd-ip-hour:${ip}`, windowMs: HOUR_MS, limit: policy.maxFailuresPerIpPerHour },
    { key: `pwd-ip-day:${ip}`, windowMs: DAY_MS, limit: policy.maxFailuresPerIpPerDay },
  ];
}

/** Refuses a policy whose numbers contradict each other (the config schema bounds each one). */
export function assertPasswordAttemptPolicy(policy: PasswordAttemptPolicy): PasswordAttemptPolicy {
  if (policy.maxFailuresPerAccountPerHour > policy.maxFailuresPerAccountPerDay) {
    throw new Error('invalid configuration: maxPasswordFailuresPerAccountPerHour must not exceed maxPasswordFailuresPerAccountPerDay');
  }
  if (policy.maxFailuresPerIpPerHour > policy.maxFailuresPerIpPerDay) {
    throw new Error('invalid configuration: maxPasswordFailuresPerIpPerHour must not exceed maxPasswordFailuresPerIpPerDay');
  }
  return Object.freeze({ ...policy });
}

/**
 * The throttle in front of every password check. The counters are the shared RateCounter (database or
 * Redis), so failures spread over instances add up (RL-03).
 *
 * Each attempt first reserves one unit of every budget (atomic increments, RL-04): of any number of
 * parallel guesses at most the limit are evaluated, and a refusal comes before any password hash is
 * computed, so a flood costs no Argon2 work. A refused attempt gives back everything it reserved, the
 * budget that refused included: what a budget holds is then exactly the wrong passwords evaluated (plus
 * those in flight), so refusals on one account spend nothing of the IP's allowance and a burst of refusals
 * that briefly overshoots the daily count leaves nothing behind. Only a wrong password (BAD_CREDENTIALS)
 * keeps its units: a right one, or an attempt that evaluated nothing (hasher busy, store down), gives
 * them back.
 */
export function createPasswordAttempts(deps: { clock: Clock; counter: RateCounter; policy: PasswordAttemptPolicy }) {
  const { clock, counter, policy } = deps;

  async function throttle<T>(attempt: { login: string; clientIp: string }, evaluate: () => Promise<T>): Promise<T> {
    const now = clock.now();
    const budgets = passwordBudgetsFor(attempt, policy);
    const counts = await Promise.all(budgets.map((budget) => counter.increment(budget.key, budget.windowMs, now)));
    const over = (index: number) => counts[index]!.count > budgets[index]!.limit;
    if (budgets.some((_, index) => over(index))) {
      await giveBack(budgets, now);
      // Every refusing budget must have room again before an attempt can pass: wait for the last one.
      // (Under a burst, a budget may look over only because of refusals still in flight: then this
      // overstates the wait, which is the safe side.)
      const resetsAt = Math.max(...counts.filter((_, index) => over(index)).map((count) => count.resetsAt));
      const retryAfterSeconds = Math.max(1, Math.ceil((resetsAt - now) / 1000));
      throw new TesseraError('SIGN_IN_THROTTLED', { retryAfterSeconds }, { retryAfterSeconds });
    }
    let result: T;
    try {
      result = await evaluate();
    } catch (error) {
      if (!(isTesseraError(error) && error.code === 'BAD_CREDENTIALS')) await giveBack(budgets, now);
      throw error;
    }
    await giveBack(budgets, now);
    return result;
  }

  async function giveBack(budgets: AttemptBudget[], now: number): Promise<void> {
    await Promise.all(budgets.map((budget) => counter.decrement(budget.key, now)));
  }

  return { throttle };
}

export type PasswordAttempts = ReturnType<typeof createPasswordAttempts>;
