import type { BudgetStore } from '../ports.js';
import { allowanceAfter, lockDurationMs, STALE_RESERVATION_MS, type FailureBudgetPolicy } from './failure-budget-policy.js';

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
 * evaluate more than the budget left; its outcome then either `recordFailure`s or `clear`s. The store only
 * persists each step atomically; the decisions are made here, once, for every store.
 */
export function createFailureBudget(store: BudgetStore, policy: FailureBudgetPolicy) {
  const fullAllowance = allowanceAfter(0, policy);

  async function reserve(userId: string, now: number): Promise<BudgetReservation> {
    const taken = await store.take(userId, now, fullAllowance);
    if (taken.taken) return { granted: true };
    const { row } = taken;
    if (row.adminLock) return { granted: false, retryAfterMs: null };
    if (row.lockedUntil > now) return { granted: false, retryAfterMs: row.lockedUntil - now };
    if (row.reservedAt < now - STALE_RESERVATION_MS) {
      // A reservation that never settled (a crashed process): only one caller refills it.
      const refill = allowanceAfter(row.failures, policy);
      if (refill > 0 && (await store.refill(userId, { failures: row.failures, reservedAt: row.reservedAt }, refill - 1, now))) {
        return { granted: true };
      }
    }
    // The rest of the budget is held by evaluations in flight; they settle in milliseconds.
    return { granted: false, retryAfterMs: 1000 };
  }

  async function recordFailure(userId: string, now: number): Promise<FailureBudgetState> {
    // Each concurrent increment sees its own count, so exactly one caller crosses a threshold.
    const failures = await store.addFailure(userId, fullAllowance);
    if (failures >= policy.failuresUntilAdminUnlock) {
      await store.lock(userId, failures, 'until-admin-unlock', 0);
      return { consecutiveFailures: failures, lockedUntil: null, adminUnlockRequired: true };
    }
    if (failures % policy.failuresPerLock === 0) {
      const lockedUntil = now + lockDurationMs(failures / policy.failuresPerLock, policy);
      await store.lock(userId, failures, { until: lockedUntil }, allowanceAfter(failures, policy));
      return { consecutiveFailures: failures, lockedUntil, adminUnlockRequired: false };
    }
    return { consecutiveFailures: failures, lockedUntil: null, adminUnlockRequired: false };
  }

  return {
    reserve,
    /**
     * Gives back a reservation that decided nothing: the request failed before comparing, or the answer
     * was right but already spent (a replay reveals nothing, so it is no guess).
     */
    release: (userId: string) => store.giveBack(userId),
    /** Counts one failure of a reserved evaluation, locking when it reaches a threshold. */
    recordFailure,
    /** A reserved evaluation succeeded: zero failures, no lock, the budget full again but for what is in flight. */
    recordSuccess: (userId: string) => store.reset(userId, fullAllowance, 1),
    /** An administrator's unlock: zero failures, no lock, a full budget (but for what is in flight). */
    clear: (userId: string) => store.reset(userId, fullAllowance, 0),
    async inspect(userId: string) {
      const row = await store.read(userId);
      return row && { consecutiveFailures: row.failures, lockedUntil: row.lockedUntil, adminUnlockRequired: row.adminLock };
    },
  };
}

export type FailureBudget = ReturnType<typeof createFailureBudget>;
