import { sql, type Kysely } from 'kysely';
import type { FaceAttemptRow, FaceAttemptStore } from '../../domain/ports.js';
import type { Database } from '../schema.js';
import { toNumber } from './json-column.js';

/**
 * Face failures per factor in the shared database. `begin` is one conditional UPDATE, so concurrent
 * attempts past the slow-down threshold let exactly one through per gap, on every instance.
 */
export function createSqlFaceAttemptStore(db: Kysely<Database>): FaceAttemptStore {
  async function read(factorId: string): Promise<FaceAttemptRow> {
    const row = await db.selectFrom('face_attempts').selectAll().where('factor_id', '=', factorId).executeTakeFirst();
    return row ? { failures: toNumber(row.failures), lastAttemptAt: toNumber(row.last_attempt_at) } : { failures: 0, lastAttemptAt: 0 };
  }

  return {
    async begin(factorId, now, rule) {
      await db
        .insertInto('face_attempts')
        .values({ factor_id: factorId, failures: 0, last_attempt_at: 0 })
        .onConflict((oc) => oc.column('factor_id').doNothing())
        .execute();
      const result = await db
        .updateTable('face_attempts')
        .set({ last_attempt_at: now })
        .where('factor_id', '=', factorId)
        .where('failures', '<', rule.disableAt)
        .where((eb) => eb.or([eb('failures', '<', rule.slowAfter), eb('last_attempt_at', '<=', now - rule.minGapMs)]))
        .executeTakeFirst();
      return { allowed: Number(result.numUpdatedRows) === 1, row: await read(factorId) };
    },
    async addFailure(factorId) {
      await db
        .updateTable('face_attempts')
        .set({ failures: sql`failures + 1` })
        .where('factor_id', '=', factorId)
        .execute();
      return (await read(factorId)).failures;
    },
    async clear(factorId) {
      await db.updateTable('face_attempts').set({ failures: 0 }).where('factor_id', '=', factorId).execute();
    },
    read,
  };
}
