import { Migrator, type Kysely, type MigrationResultSet } from 'kysely';
import { MIGRATIONS } from './migrations/index.js';

export function createMigrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
}

/** Applies pending migrations; throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const result = await createMigrator(db).migrateToLatest();
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
  return result;
}

/**
 * Refuses to run on a schema newer than this build knows: an older binary must not write to tables a
 * newer one has reshaped.
 */
export async function assertSchemaKnown(db: Kysely<any>): Promise<void> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((table) => table.name === 'kysely_migration')) return;
  const executed = await db.selectFrom('kysely_migration').select('name').execute();
  const unknown = executed.map((row) => String(row.name)).filter((name) => !(name in MIGRATIONS));
  if (unknown.length > 0) {
    throw new Error(`database schema is newer than this build (unknown migrations: ${unknown.join(', ')}); upgrade Tessera`);
  }
}
