import type { Kysely } from 'kysely';
import type { RateCounter } from '../../domain/ports.js';
import type { Database } from '../schema.js';
import { toNumber } from './json-column.js';

/**
 * Send-cap counters in the database, shared by every instance on it. `increment` is one
 * INSERT … ON CONFLICT DO UPDATE … RETURNING: of any number of concurrent sends, each sees a distinct count.
 */
export function createSqlRateCounter(db: Kysely<Database>): RateCounter {
  return {
    async increment(key, windowMs, now) {
      const row = await db
        .insertInto('rate_counters')
        .values({ key, count: 1, resets_at: now + windowMs })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet((eb) => {
            // Both right-hand sides read the row as it was: an ended window restarts at one.
            const ended = eb('rate_counters.resets_at', '<=', now);
            return {
              count: eb.case().when(ended).then(1).else(eb('rate_counters.count', '+', 1)).end(),
              resets_at: eb.case().when(ended).then(now + windowMs).else(eb.ref('rate_counters.resets_at')).end(),
            };
          }),
        )
        .returning(['count', 'resets_at'])
        .executeTakeFirstOrThrow();
      const count = toNumber(row.count);
      // A window just opened: collect the rows whose windows have ended (keys are per address and IP).
      if (count === 1) await db.deleteFrom('rate_counters').where('resets_at', '<=', now).execute();
      return { count, resetsAt: toNumber(row.resets_at) };
    },
    async decrement(key, now) {
      await db
        .updateTable('rate_counters')
        .set((eb) => ({ count: eb('count', '-', 1) }))
        .where('key', '=', key)
        .where('resets_at', '>', now)
        .where('count', '>', 0)
        .execute();
    },
  };
}
