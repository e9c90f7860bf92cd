import { sql, type Kysely } from 'kysely';
import type { SendThrottle } from '../../domain/ports.js';
import type { Database } from '../schema.js';
import { toNumber } from './json-column.js';

/**
 * One send per key per window, shared by every instance on the database: an upsert that only takes the
 * slot when it is free, in a single statement.
 */
export function createSqlSendThrottle(db: Kysely<Database>): SendThrottle {
  return {
    async acquire(key, windowMs, now) {
      const taken = await db
        .insertInto('send_throttles')
        .values({ key, free_at: now + windowMs })
        .onConflict((oc) =>
          oc
            .column('key')
            .doUpdateSet({ free_at: now + windowMs })
            .where('send_throttles.free_at', '<=', now),
        )
        .returning('key')
        .executeTakeFirst();
      if (taken) return { acquired: true };
      const row = await db.selectFrom('send_throttles').select('free_at').where('key', '=', key).executeTakeFirst();
      return { acquired: false, retryAfterMs: Math.max(1, (row ? toNumber(row.free_at) : now) - now) };
    },
    async forgetFreed(keyPrefix, now) {
      // substr, not LIKE: a prefix may hold `_` or `%`.
      await db
        .deleteFrom('send_throttles')
        .where('free_at', '<=', now)
        .where(sql<boolean>`substr(${sql.ref('key')}, 1, ${keyPrefix.length}) = ${keyPrefix}`)
        .execute();
    },
  };
}
