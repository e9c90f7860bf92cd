import { sql, type Kysely } from 'kysely';
import type { SealedRow, SealedSecretStore, SealedTable } from '../../domain/ports/keys.js';
import type { Database } from '../schema.js';

/**
 * Where each sealed column lives: its table's key (the cursor of a batch) and the associated data the
 * value was sealed with (the factor id; the canary's own id). Adapters only read and swap, atomically.
 */
const COLUMNS = {
  factors: { key: 'id', associatedData: 'id' },
  pending_enrollments: { key: 'token_hash', associatedData: 'factor_id' },
  keyring_canary: { key: 'id', associatedData: 'id' },
  webhook_endpoints: { key: 'id', associatedData: 'id' },
  access_keys: { key: 'id', associatedData: 'id' },
} as const;

const SEALED_COLUMN: Record<SealedTable, 'secret_sealed' | 'sealed'> = {
  factors: 'secret_sealed',
  pending_enrollments: 'secret_sealed',
  keyring_canary: 'sealed',
  webhook_endpoints: 'secret_sealed',
  access_keys: 'secret_sealed',
};

export function createSqlSealedSecretStore(db: Kysely<Database>): SealedSecretStore {
  // Dynamic table names: Kysely<any> for these few generic statements; the names come from the maps above.
  const anyDb = db as unknown as Kysely<any>;
  // substr, not LIKE: a key id may contain `_` or `%`, which LIKE would read as wildcards. Same on both dialects.
  const startsWith = (column: string, prefix: string) => sql<boolean>`substr(${sql.ref(column)}, 1, ${prefix.length}) = ${prefix}`;

  async function list(table: SealedTable, afterRowId: string, limit: number, notPrefix?: string): Promise<SealedRow[]> {
    const { key, associatedData } = COLUMNS[table];
    const column = SEALED_COLUMN[table];
    let query = anyDb
      .selectFrom(table)
      .select([sql.ref(key).as('row_id'), sql.ref(associatedData).as('associated_data'), sql.ref(column).as('sealed')])
      .where(column, 'is not', null)
      .where(key, '>', afterRowId)
      .orderBy(key)
      .limit(limit);
    if (notPrefix !== undefined) query = query.where(sql<boolean>`not (${startsWith(column, notPrefix)})`);
    const rows = (await query.execute()) as { row_id: string; associated_data: string; sealed: string }[];
    return rows.map((row) => ({ table, rowId: row.row_id, associatedData: row.associated_data, sealed: row.sealed }));
  }

  async function count(table: SealedTable, condition: ReturnType<typeof startsWith>): Promise<number> {
    const row = await anyDb
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .where(SEALED_COLUMN[table], 'is not', null)
      .where(condition)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  return {
    listNotPrefixed: (table, prefix, afterRowId, limit) => list(table, afterRowId, limit, prefix),
    async replace(row, next) {
      const column = SEALED_COLUMN[row.table];
      const result = await anyDb
        .updateTable(row.table)
        .set({ [column]: next })
        .where(COLUMNS[row.table].key, '=', row.rowId)
        .where(column, '=', row.sealed)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    countPrefixed: (table, prefix) => count(table, startsWith(SEALED_COLUMN[table], prefix)),
    countNotPrefixed: (table, prefix) => count(table, sql<boolean>`not (${startsWith(SEALED_COLUMN[table], prefix)})`),
    async sample(limit) {
      const [factors, pending] = await Promise.all([list('factors', '', limit), list('pending_enrollments', '', limit)]);
      return [...factors, ...pending];
    },
  };
}
