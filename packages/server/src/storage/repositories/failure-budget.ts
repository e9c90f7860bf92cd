import type { Kysely } from 'kysely';
import type { FailureBudget } from '../../domain/ports.js';
import { allowanceAfter, lockDurationMs } from '../../domain/verification/failure-budget-policy.js';
import type { Database } from '../schema.js';
import { toNumber } from './json-column.js';

/**
 * A reservation that was never settled (the process died between reserving and recording) stops holding
 * budget after this long, so a crash cannot lock an account forever.
 */
const STALE_RESERVATION_MS = 60_000;

/**
 * The account failure budget in the database, shared by every instance. Each step is one conditional
 * statement: `allowance` counts the evaluations that may still start before the next lock, and is taken
 * with `UPDATE … SET allowance = allowance - 1 WHERE allowance > 0`, so 50 parallel guesses get at most
 * the allowance left (RL-04).
 */
export function createSqlFailureBudget(db: Kysely<Database>): FailureBudget {
  async function ensureRow(userId: string, allowance: number): Promise<void> {
    await db
      .insertInto('failure_budgets')
      .values({ user_id: userId, failures: 0, allowance, locked_until: 0, admin_lock: 0, reserved_at: 0 })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
  }

  return {
    async reserve(userId, now, policy) {
      await ensureRow(userId, allowanceAfter(0, policy));
      const taken = await db
        .updateTable('failure_budgets')
        .set((eb) => ({ allowance: eb('allowance', '-', 1), reserved_at: now }))
        .where('user_id', '=', userId)
        .where('allowance', '>', 0)
        .where('admin_lock', '=', 0)
        .where('locked_until', '<=', now)
        .returning('user_id')
        .executeTakeFirst();
      if (taken) return { granted: true };

      const row = await db.selectFrom('failure_budgets').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow();
      if (toNumber(row.admin_lock) === 1) return { granted: false, retryAfterMs: null };
      const lockedUntil = toNumber(row.locked_until);
      if (lockedUntil > now) return { granted: false, retryAfterMs: lockedUntil - now };
      const reservedAt = toNumber(row.reserved_at);
      if (reservedAt < now - STALE_RESERVATION_MS) {
        // Compare-and-set on what was read: only one caller refills a stale allowance.
        const failures = toNumber(row.failures);
        const refill = allowanceAfter(failures, policy);
        if (refill > 0) {
          const refilled = await db
            .updateTable('failure_budgets')
            .set({ allowance: refill - 1, reserved_at: now })
            .where('user_id', '=', userId)
            .where('allowance', '=', 0)
            .where('failures', '=', failures)
            .where('reserved_at', '=', reservedAt)
            .returning('user_id')
            .executeTakeFirst();
          if (refilled) return { granted: true };
        }
      }
      // The rest of the budget is held by evaluations in flight; they settle in milliseconds.
      return { granted: false, retryAfterMs: 1000 };
    },

    async release(userId) {
      await db
        .updateTable('failure_budgets')
        .set((eb) => ({ allowance: eb('allowance', '+', 1) }))
        .where('user_id', '=', userId)
        .where('admin_lock', '=', 0)
        .execute();
    },

    async recordFailure(userId, now, policy) {
      await ensureRow(userId, allowanceAfter(0, policy));
      const row = await db
        .updateTable('failure_budgets')
        .set((eb) => ({ failures: eb('failures', '+', 1) }))
        .where('user_id', '=', userId)
        .returning('failures')
        .executeTakeFirstOrThrow();
      // Each concurrent increment sees its own count, so exactly one caller crosses a threshold.
      const failures = toNumber(row.failures);
      if (failures >= policy.failuresUntilAdminUnlock) {
        await db
          .updateTable('failure_budgets')
          .set({ admin_lock: 1, allowance: 0 })
          .where('user_id', '=', userId)
          .execute();
        return { consecutiveFailures: failures, lockedUntil: null, adminUnlockRequired: true };
      }
      if (failures % policy.failuresPerLock === 0) {
        const lockedUntil = now + lockDurationMs(failures / policy.failuresPerLock, policy);
        await db
          .updateTable('failure_budgets')
          .set({ locked_until: lockedUntil, allowance: allowanceAfter(failures, policy) })
          .where('user_id', '=', userId)
          .where('failures', '>=', failures)
          .execute();
        return { consecutiveFailures: failures, lockedUntil, adminUnlockRequired: false };
      }
      return { consecutiveFailures: failures, lockedUntil: null, adminUnlockRequired: false };
    },

    async clear(userId, policy) {
      await db
        .updateTable('failure_budgets')
        .set({ failures: 0, allowance: allowanceAfter(0, policy), locked_until: 0, admin_lock: 0 })
        .where('user_id', '=', userId)
        .execute();
    },

    async inspect(userId) {
      const row = await db.selectFrom('failure_budgets').selectAll().where('user_id', '=', userId).executeTakeFirst();
      if (!row) return undefined;
      return {
        consecutiveFailures: toNumber(row.failures),
        lockedUntil: toNumber(row.locked_until),
        adminUnlockRequired: toNumber(row.admin_lock) === 1,
      };
    },
  };
}
