import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_MIGRATIONS } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { MIGRATIONS } from '../../src/storage/migrations/index.js';
import { createMigrator, migrateToLatest } from '../../src/storage/migrator.js';
import { openStore } from '../../src/storage/open-store.js';
import { openSqlHarness, SQL_DIALECTS, type SqlHarness } from '../support/storage-implementations.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/throwaway-postgres.js';

/**
 * The frozen migrations run unchanged on every dialect, down and up again; and a build refuses to start
 * on a schema newer than it knows (an older binary must not write to tables a newer one reshaped).
 */
describe.each(SQL_DIALECTS)('migrations on %s', (dialect) => {
  let h: SqlHarness;
  beforeAll(async () => {
    h = await openSqlHarness(dialect);
  });
  afterAll(() => h.close());

  test('every migration is applied, and applying again changes nothing', async () => {
    const applied = await h.db.selectFrom('kysely_migration' as never).select('name' as never).execute();
    expect(applied.map((row) => (row as { name: string }).name).sort()).toEqual(Object.keys(MIGRATIONS).sort());
    expect((await migrateToLatest(h.db)).results).toEqual([]);
  });

  test('all migrations go down and up again', async () => {
    const down = await createMigrator(h.db).migrateTo(NO_MIGRATIONS);
    expect(down.error).toBeUndefined();
    await migrateToLatest(h.db);
  });
});

describe.each(SQL_DIALECTS)('a schema newer than this build on %s', (dialect) => {
  let config: Config;
  let database: ThrowawayDatabase | undefined;
  beforeAll(async () => {
    database = dialect === 'postgres' ? await createThrowawayDatabase() : undefined;
    config = loadConfig({ dataDir: mkdtempSync(join(tmpdir(), 'tessera-schema-')), databaseUrl: database?.url, logLevel: 'silent' });
  });
  afterAll(() => database?.drop());

  test('is refused at start, naming the unknown migration', async () => {
    const store = await openStore(config);
    await store.db
      .insertInto('kysely_migration' as never)
      .values({ name: '2999-01-01T00-00-from-the-future', timestamp: new Date().toISOString() } as never)
      .execute();
    await store.close();
    await expect(openStore(config)).rejects.toThrow(/newer than this build.*2999-01-01T00-00-from-the-future/);
  });
});
