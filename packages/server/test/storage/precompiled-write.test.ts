import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { precompileWrite } from '../../src/storage/precompiled-query.js';

/**
 * A precompiled write binds each call's values where the builder put them — a value used twice is bound
 * twice, the builder's own constants stay — and refuses, before running anything, a query whose parameters
 * it could not map back to the values it was given.
 */
interface Counters {
  counters: { id: string; value: number; touched_at: number };
}

describe('precompileWrite', () => {
  let db: Kysely<Counters>;
  beforeAll(async () => {
    db = new Kysely<Counters>({ dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') }) });
    await db.schema.createTable('counters').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('value', 'integer').addColumn('touched_at', 'integer').execute();
    await db.insertInto('counters').values([{ id: 'a', value: 5, touched_at: 0 }, { id: 'b', value: 5, touched_at: 0 }]).execute();
  });
  afterAll(() => db.destroy());

  test('binds a value used twice at both places, keeps constants, counts the rows it changed', async () => {
    const bump = precompileWrite(
      db,
      (id: string, now: number) =>
        db
          .updateTable('counters')
          .set((eb) => ({ value: eb('value', '+', 1), touched_at: now }))
          .where('id', '=', id)
          .where('touched_at', '<', now),
      [
        ['x', -1],
        ['y', -2],
      ],
    );
    expect(Number((await bump('a', 100)).numAffectedRows)).toBe(1);
    expect(Number((await bump('a', 100)).numAffectedRows)).toBe(0);
    expect(await db.selectFrom('counters').selectAll().orderBy('id').execute()).toEqual([
      { id: 'a', value: 6, touched_at: 100 },
      { id: 'b', value: 5, touched_at: 0 },
    ]);
  });

  test('refuses a parameter derived from a value instead of a value itself', async () => {
    const derived = precompileWrite(db, (id: string, value: number) => db.updateTable('counters').set({ value: value - 1 }).where('id', '=', id), [
      ['x', -1],
      ['y', -2],
    ]);
    await expect(derived('a', 1)).rejects.toThrow(/derived from the values/);
  });

  test('refuses SQL that changes with the values', async () => {
    const branching = precompileWrite(
      db,
      (id: string, touch: boolean) => db.updateTable('counters').set(touch ? { value: 1, touched_at: 1 } : { value: 1 }).where('id', '=', id),
      [
        ['x', true],
        ['y', false],
      ],
    );
    await expect(branching('a', true)).rejects.toThrow(/SQL depends on the values/);
  });

  test('refuses samples that share a value', async () => {
    const same = precompileWrite(db, (id: string) => db.deleteFrom('counters').where('id', '=', id), [['x'], ['x']]);
    await expect(same('a')).rejects.toThrow(/differ in every value/);
  });
});
