import type { Kysely, Selectable } from 'kysely';
import type { FactorType } from '@tessera/contract';
import type { EnrollmentStore, FactorContact, PendingEnrollment } from '../../domain/ports.js';
import type { Database, PendingEnrollmentsTable } from '../schema.js';
import { toFactorRow } from './factor-repository.js';
import { fromJsonColumn, toJsonColumn, toNumber } from './json-column.js';
import { isUniqueViolation } from './unique-violation.js';

/** Consumed or expired enrollments are kept this long, then swept: enough to answer "used" clearly. */
const SWEEP_AFTER_MS = 24 * 60 * 60 * 1000;

export function createEnrollmentStore(db: Kysely<Database>): EnrollmentStore {
  return {
    async insert(pending) {
      await db.deleteFrom('pending_enrollments').where('expires_at', '<', pending.createdAt - SWEEP_AFTER_MS).execute();
      await db
        .insertInto('pending_enrollments')
        .values({
          token_hash: pending.tokenHash,
          factor_id: pending.factorId,
          user_id: pending.userId,
          app_id: pending.appId,
          factor_type: pending.factorType,
          profile: toJsonColumn(pending.profile),
          secret_sealed: pending.secretSealed,
          code_hash: pending.codeHash,
          recovery_code_hash: pending.recoveryCodeHash,
          attempts: pending.attempts,
          expires_at: pending.expiresAt,
          consumed_at: null,
          created_at: pending.createdAt,
        })
        .execute();
    },
    async discard(tokenHash) {
      await db.deleteFrom('pending_enrollments').where('token_hash', '=', tokenHash).execute();
    },
    async reserveAttempt(tokenHash, userId, now, maxAttempts) {
      // One conditional UPDATE … RETURNING: the attempt is spent before the code is checked.
      const row = await db
        .updateTable('pending_enrollments')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('token_hash', '=', tokenHash)
        .where('user_id', '=', userId)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', now)
        .where('attempts', '<', maxAttempts)
        .returningAll()
        .executeTakeFirst();
      return row && toPending(row);
    },
    async complete(tokenHash, factor, now) {
      try {
        return await db.transaction().execute(async (trx) => {
          const consumed = await trx
            .updateTable('pending_enrollments')
            .set({ consumed_at: now })
            .where('token_hash', '=', tokenHash)
            .where('consumed_at', 'is', null)
            .executeTakeFirst();
          if (Number(consumed.numUpdatedRows) !== 1) return 'token-used' as const;
          await trx.insertInto('factors').values(toFactorRow(factor)).execute();
          return 'bound' as const;
        });
      } catch (error) {
        // The (user, type) unique key: another enrollment of the same type won the race.
        if (isUniqueViolation(error)) return 'type-already-bound';
        throw error;
      }
    },
    async supersedeEarlier(tokenHash, now) {
      await db.transaction().execute(async (trx) => {
        const own = await trx
          .selectFrom('pending_enrollments')
          .select(['user_id', 'factor_type', 'created_at', 'attempts'])
          .where('token_hash', '=', tokenHash)
          .executeTakeFirst();
        if (!own) return;
        const createdAt = toNumber(own.created_at);
        const earlierOfSameKind = trx
          .selectFrom('pending_enrollments')
          .where('user_id', '=', own.user_id)
          .where('factor_type', '=', own.factor_type)
          .where('consumed_at', 'is', null)
          .where('created_at', '<=', createdAt)
          .where('token_hash', '!=', tokenHash);
        const live = await earlierOfSameKind
          .where('expires_at', '>', now)
          .select((eb) => eb.fn.max('attempts').as('attempts'))
          .executeTakeFirst();
        const carried = live?.attempts == null ? 0 : toNumber(live.attempts);
        await trx
          .updateTable('pending_enrollments')
          .set({ consumed_at: now })
          .where('token_hash', 'in', earlierOfSameKind.select('token_hash'))
          .execute();
        if (carried > toNumber(own.attempts)) {
          await trx.updateTable('pending_enrollments').set({ attempts: carried }).where('token_hash', '=', tokenHash).execute();
        }
      });
    },
  };
}

function toPending(row: Selectable<PendingEnrollmentsTable>): PendingEnrollment {
  return {
    tokenHash: row.token_hash,
    factorId: row.factor_id,
    userId: row.user_id,
    appId: row.app_id,
    factorType: row.factor_type as FactorType,
    profile: fromJsonColumn<FactorContact>(row.profile),
    secretSealed: row.secret_sealed,
    codeHash: row.code_hash,
    recoveryCodeHash: row.recovery_code_hash,
    attempts: toNumber(row.attempts),
    expiresAt: toNumber(row.expires_at),
    createdAt: toNumber(row.created_at),
  };
}
