import type { Kysely, Selectable } from 'kysely';
import type { FactorType } from '@tessera/contract';
import type { FactorContact, FactorRecord, FactorRepository } from '../../domain/ports.js';
import type { Database, FactorsTable } from '../schema.js';
import { precompile, precompileWrite } from '../precompiled-query.js';
import { tableColumns } from '../table-columns.js';
import { fromJsonColumn, toJsonColumn, toNullableNumber, toNumber } from './json-column.js';

/** Named, not `*`: the hot reads of factors are prepared statements (table-columns.ts). */
export const FACTOR_COLUMNS = tableColumns<FactorsTable>()(
  'id',
  'user_id',
  'type',
  'profile',
  'secret_sealed',
  'last_totp_step',
  'recovery_code_hash',
  'created_at',
);

export function createFactorRepository(db: Kysely<Database>): FactorRepository {
  // The reads of every authenticated factor request, compiled once (storage/precompiled-query.ts).
  const factors = () => db.selectFrom('factors').select(FACTOR_COLUMNS);
  const listByUser = precompile(db, (userId: string) => factors().where('user_id', '=', userId).orderBy('created_at').orderBy('id'), ['u']);
  const findForUser = precompile(db, (factorId: string, userId: string) => factors().where('id', '=', factorId).where('user_id', '=', userId), ['f', 'u']);
  const findByType = precompile(db, (userId: string, type: string) => factors().where('user_id', '=', userId).where('type', '=', type as FactorType), ['u', 't']);
  // Compare-and-set in one statement: of two racing requests with the same code, one moves the step.
  const advanceTotpStep = precompileWrite(
    db,
    (factorId: string, step: number) =>
      db
        .updateTable('factors')
        .set({ last_totp_step: step })
        .where('id', '=', factorId)
        .where((eb) => eb.or([eb('last_totp_step', 'is', null), eb('last_totp_step', '<', step)])),
    [
      ['f1', -101],
      ['f2', -201],
    ],
  );
  return {
    async listByUser(userId) {
      return (await listByUser(userId)).map(toFactorRecord);
    },
    async findForUser(userId, factorId) {
      const [row] = await findForUser(factorId, userId);
      return row && toFactorRecord(row);
    },
    async findByType(userId, type) {
      const [row] = await findByType(userId, type);
      return row && toFactorRecord(row);
    },
    async insertUnlessTypeBound(factor) {
      // DO NOTHING on the (user, type) key: inside a transaction a failed insert would abort it on PostgreSQL.
      const result = await db
        .insertInto('factors')
        .values(toFactorRow(factor))
        .onConflict((oc) => oc.columns(['user_id', 'type']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
    async deleteForUser(userId, factorId) {
      const result = await db.deleteFrom('factors').where('id', '=', factorId).where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async advanceTotpStep(factorId, step) {
      const result = await advanceTotpStep(factorId, step);
      return Number(result.numAffectedRows) === 1;
    },
    async replaceSecret(factorId, expectedSealed, nextSealed) {
      // Compare-and-set: a concurrent re-seal or reset wins, and this one changes nothing.
      const result = await db
        .updateTable('factors')
        .set({ secret_sealed: nextSealed })
        .where('id', '=', factorId)
        .where('secret_sealed', '=', expectedSealed)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async swapRecoveryCodeHash(factorId, expectedHash, newHash) {
      // Compare-and-set: of concurrent redemptions of one recovery code, one replaces its hash (REC-02).
      const result = await db
        .updateTable('factors')
        .set({ recovery_code_hash: newHash })
        .where('id', '=', factorId)
        .where('recovery_code_hash', '=', expectedHash)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

export function toFactorRow(factor: FactorRecord) {
  return {
    id: factor.id,
    user_id: factor.userId,
    type: factor.type,
    profile: toJsonColumn(factor.profile),
    secret_sealed: factor.secretSealed,
    last_totp_step: factor.lastTotpStep,
    recovery_code_hash: factor.recoveryCodeHash,
    created_at: factor.createdAt,
  };
}

export function toFactorRecord(row: Selectable<FactorsTable>): FactorRecord {
  return {
    id: row.id,
    userId: row.user_id,
    type: row.type as FactorType,
    profile: fromJsonColumn<FactorContact>(row.profile),
    secretSealed: row.secret_sealed,
    lastTotpStep: toNullableNumber(row.last_totp_step),
    recoveryCodeHash: row.recovery_code_hash,
    createdAt: toNumber(row.created_at),
  };
}
