import { sql, type Kysely } from 'kysely';
import type { BudgetRow, BudgetStore } from '../../domain/ports.js';
import type { Database } from '../schema.js';
import { precompileWrite } from '../precompiled-query.js';
import { toNumber } from './json-column.js';

/** A parameter typed for both dialects (PostgreSQL cannot infer a bare one inside CASE). */
const int = (value: number) => sql<number>`cast(${value} as integer)`;
/** in_flight less `settles`, never below zero. */
const inFlightAfter = (settles: number) => sql<number>`case when in_flight > ${int(settles)} then in_flight - ${int(settles)} else 0 end`;
/** `allowance` less the units that stay in flight once `settles` have left, never below zero. */
const allowanceLessInFlight = (allowance: number, settles: number) => {
  const staying = sql<number>`(in_flight - ${int(settles)})`;
  return sql<number>`case when ${staying} <= 0 then ${int(allowance)} when ${int(allowance)} > ${staying} then ${int(allowance)} - ${staying} else 0 end`;
};

/**
 * The account failure budget in the database, shared by every instance. Each step is one conditional
 * statement — `UPDATE … SET allowance = allowance - 1 WHERE allowance > 0` — so parallel guesses take at most
 * the allowance left (RL-04). What the numbers mean is decided in domain/verification/failure-budget.ts.
 */
export function createSqlBudgetStore(db: Kysely<Database>): BudgetStore {
  // The statements of every verification, compiled once (storage/precompiled-query.ts).
  /** A new account's row, before its first failure is counted. */
  const ensureRow = precompileWrite(
    db,
    (userId: string, allowance: number) =>
      db
        .insertInto('failure_budgets')
        .values({ user_id: userId, failures: 0, allowance, locked_until: 0, admin_lock: 0, reserved_at: 0, in_flight: 0 })
        .onConflict((oc) => oc.column('user_id').doNothing()),
    [
      ['u1', -101],
      ['u2', -201],
    ],
  );
  const takeOrStart = precompileWrite(
    db,
    (userId: string, allowanceLeft: number, now: number) =>
      db
        .insertInto('failure_budgets')
        // A new account's row starts with this evaluation's place already taken.
        .values({ user_id: userId, failures: 0, allowance: allowanceLeft, locked_until: 0, admin_lock: 0, reserved_at: now, in_flight: 1 })
        .onConflict((oc) =>
          oc
            .column('user_id')
            .doUpdateSet((eb) => ({
              allowance: eb('failure_budgets.allowance', '-', 1),
              in_flight: eb('failure_budgets.in_flight', '+', 1),
              reserved_at: now,
            }))
            .where('failure_budgets.allowance', '>', 0)
            .where('failure_budgets.admin_lock', '=', 0)
            .where('failure_budgets.locked_until', '<=', now),
        )
        .returning('user_id'),
    [
      ['u1', -101, -102],
      ['u2', -201, -202],
    ],
  );
  const reset = precompileWrite(
    db,
    (userId: string, allowance: number, settles: number) =>
      db
        .updateTable('failure_budgets')
        .set({ failures: 0, locked_until: 0, admin_lock: 0, allowance: allowanceLessInFlight(allowance, settles), in_flight: inFlightAfter(settles) })
        .where('user_id', '=', userId),
    [
      ['u1', -101, -102],
      ['u2', -201, -202],
    ],
  );
  const giveBack = precompileWrite(
    db,
    (userId: string) =>
      db
        .updateTable('failure_budgets')
        .set({
          allowance: sql<number>`case when admin_lock = 0 then allowance + 1 else allowance end`,
          in_flight: inFlightAfter(1),
        })
        .where('user_id', '=', userId),
    [['u1'], ['u2']],
  );

  async function read(userId: string): Promise<BudgetRow | undefined> {
    const row = await db.selectFrom('failure_budgets').selectAll().where('user_id', '=', userId).executeTakeFirst();
    if (!row) return undefined;
    return {
      failures: toNumber(row.failures),
      allowance: toNumber(row.allowance),
      lockedUntil: toNumber(row.locked_until),
      adminLock: toNumber(row.admin_lock) === 1,
      reservedAt: toNumber(row.reserved_at),
      inFlight: toNumber(row.in_flight),
    };
  }

  return {
    async take(userId, now, initialAllowance) {
      // One statement creates the row or takes a place: the conditional update (allowance > 0, no lock)
      // runs under the row's lock on both dialects, so parallel takes stay within the allowance (RL-04).
      if (initialAllowance < 1) throw new Error('a failure budget starts with at least one evaluation');
      const { rows } = await takeOrStart(userId, initialAllowance - 1, now);
      if (rows.length > 0) return { taken: true };
      return { taken: false, row: (await read(userId))! };
    },

    async refill(userId, seen, allowance, now) {
      const refilled = await db
        .updateTable('failure_budgets')
        .set({ allowance, in_flight: 1, reserved_at: now })
        .where('user_id', '=', userId)
        .where('allowance', '=', 0)
        .where('failures', '=', seen.failures)
        .where('reserved_at', '=', seen.reservedAt)
        .returning('user_id')
        .executeTakeFirst();
      return refilled !== undefined;
    },

    async giveBack(userId) {
      await giveBack(userId);
    },

    async addFailure(userId, initialAllowance) {
      await ensureRow(userId, initialAllowance);
      const row = await db
        .updateTable('failure_budgets')
        .set((eb) => ({ failures: eb('failures', '+', 1), in_flight: inFlightAfter(1) }))
        .where('user_id', '=', userId)
        .returning('failures')
        .executeTakeFirstOrThrow();
      return toNumber(row.failures);
    },

    async lock(userId, failures, lock, allowance) {
      const allowanceAfter = allowanceLessInFlight(allowance, 0);
      await db
        .updateTable('failure_budgets')
        .set(lock === 'until-admin-unlock' ? { admin_lock: 1, allowance: allowanceAfter } : { locked_until: lock.until, allowance: allowanceAfter })
        .where('user_id', '=', userId)
        .where('failures', '>=', failures)
        .execute();
    },

    async reset(userId, allowance, settles) {
      await reset(userId, allowance, settles);
    },

    read,
  };
}
