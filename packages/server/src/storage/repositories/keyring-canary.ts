import { sql, type Kysely } from 'kysely';
import { KEYRING_CANARY_ID, type KeyringCanaryStore } from '../../domain/ports/keys.js';
import type { Database } from '../schema.js';

/** Tables whose rows mean "this database is in use": a keyring must never be generated next to them. */
const DATA_TABLES = ['keyring_canary', 'apps', 'users', 'factors', 'pending_enrollments'] as const;

export function createSqlKeyringCanaryStore(db: Kysely<Database>): KeyringCanaryStore {
  async function read() {
    const row = await db.selectFrom('keyring_canary').select('sealed').where('id', '=', KEYRING_CANARY_ID).executeTakeFirst();
    return row?.sealed;
  }
  return {
    read,
    async writeOnce(sealed, at) {
      // Insert-if-absent in one statement: of two first starts racing, the first canary stays.
      await db
        .insertInto('keyring_canary')
        .values({ id: KEYRING_CANARY_ID, sealed, created_at: at })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      const stored = await read();
      if (stored === undefined) throw new Error('the keyring canary could not be written');
      return stored;
    },
    async hasData() {
      const anyDb = db as unknown as Kysely<any>;
      for (const table of DATA_TABLES) {
        // One row is enough: no count over a large table.
        if (await anyDb.selectFrom(table).select(sql<number>`1`.as('one')).limit(1).executeTakeFirst()) return true;
      }
      return false;
    },
  };
}
