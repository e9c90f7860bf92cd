import type { Kysely, Selectable } from 'kysely';
import type { AccessKeyRecord, AccessKeyRepository, AccessKeyStatus } from '../../domain/ports.js';
import type { AccessKeysTable, Database } from '../schema.js';
import { toNullableNumber, toNumber } from './json-column.js';

export function createAccessKeyRepository(db: Kysely<Database>): AccessKeyRepository {
  return {
    async insert(key) {
      await db
        .insertInto('access_keys')
        .values({
          id: key.id,
          name: key.name,
          secret_sealed: key.secretSealed,
          status: key.status,
          created_at: key.createdAt,
          last_used_at: key.lastUsedAt,
        })
        .execute();
    },
    async findById(id) {
      const row = await db.selectFrom('access_keys').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },
    async list() {
      const rows = await db.selectFrom('access_keys').selectAll().orderBy('created_at').orderBy('id').execute();
      return rows.map(toRecord);
    },
    async setStatus(id, status) {
      const result = await db.updateTable('access_keys').set({ status }).where('id', '=', id).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async delete(id) {
      const result = await db.deleteFrom('access_keys').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async touch(id, at) {
      await db.updateTable('access_keys').set({ last_used_at: at }).where('id', '=', id).execute();
    },
  };
}

function toRecord(row: Selectable<AccessKeysTable>): AccessKeyRecord {
  return {
    id: row.id,
    name: row.name,
    secretSealed: row.secret_sealed,
    status: row.status as AccessKeyStatus,
    createdAt: toNumber(row.created_at),
    lastUsedAt: toNullableNumber(row.last_used_at),
  };
}
