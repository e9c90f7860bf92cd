import { afterAll, describe, expect, test } from 'vitest';
import { migrateToLatest } from '../../src/storage/migrator.js';
import { precompile } from '../../src/storage/precompiled-query.js';
import { openSqlite } from '../../src/storage/sqlite.js';

/**
 * precompile (issue 14): a hot read's SQL is built once and bound with new values on every call; the
 * values must be the builder's parameters in its order, which is checked against the sample values.
 */
describe('precompile', () => {
  const db = openSqlite(':memory:');
  afterAll(() => db.destroy());

  test('builds the query once, on first use, and binds each call its own values', async () => {
    await migrateToLatest(db);
    let builds = 0;
    const findApp = precompile(
      db,
      (id: string) => {
        builds += 1;
        return db.selectFrom('apps').select('id').where('id', '=', id);
      },
      ['sample'],
    );
    expect(builds).toBe(0);
    expect(await findApp('no-such-app')).toEqual([]);
    expect(await findApp('another')).toEqual([]);
    expect(builds).toBe(1);
  });

  test('refuses a query whose parameters are not the given values in their order', async () => {
    const swapped = precompile(db, (a: string, b: string) => db.selectFrom('apps').select('id').where('id', '=', b).where('name', '=', a), ['a', 'b']);
    await expect(swapped('x', 'y')).rejects.toThrow(/not the given values in order/);
  });
});
