import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMigrator, migrateToLatest } from '../../src/storage/migrator.js';
import { openSqlHarness, SQL_DIALECTS, type SqlHarness } from '../support/storage-implementations.js';

/**
 * Migration 2026-11-28T00-00-identifier-keys on a database that already holds users: every identifier
 * gets its canonical key; where existing accounts collide, the oldest keeps the key and the later ones
 * get none (issue 9, item 6); afterwards the keys are unique on every dialect.
 */
describe.each(SQL_DIALECTS)('identifier keys backfilled on %s', (dialect) => {
  let h: SqlHarness;
  const row = (id: string, createdAt: number, fields: { email?: string; username?: string; phone?: string; cc?: string }) => ({
    id,
    email: fields.email ?? null,
    username: fields.username ?? null,
    phone: fields.phone ?? null,
    phone_country_code: fields.cc ?? null,
    password_hash: 'x',
    profile: '{}',
    created_at: createdAt,
    updated_at: createdAt,
  });

  beforeAll(async () => {
    h = await openSqlHarness(dialect);
    const down = await createMigrator(h.db).migrateTo('2026-11-27T02-00-mfa-sign-in');
    expect(down.error).toBeUndefined();
    await h.db
      .insertInto('users' as never)
      .values([
        row('squatter-email', 2000, { email: 'alice@example.com' }),
        row('alice', 1000, { email: 'Alice@example.com', username: 'Alice', phone: '13800138000' }),
        row('squatter-name', 3000, { username: 'ＡＬＩＣＥ', phone: '+8613800138000' }),
        row('bob', 4000, { email: 'bob@example.com', phone: '2025550143', cc: '+1' }),
        row('odd-phone', 5000, { username: 'odd', phone: 'not a phone' }),
      ] as never)
      .execute();
    await migrateToLatest(h.db);
  });
  afterAll(() => h.close());

  const keysOf = async (id: string) =>
    h.db.selectFrom('users').select(['email_key', 'username_key', 'phone_key']).where('id', '=', id).executeTakeFirstOrThrow();

  test('the oldest account keeps each contested key; later ones get none', async () => {
    expect(await keysOf('alice')).toEqual({ email_key: 'alice@example.com', username_key: 'alice', phone_key: '+8613800138000' });
    expect(await keysOf('squatter-email')).toEqual({ email_key: null, username_key: null, phone_key: null });
    expect(await keysOf('squatter-name')).toEqual({ email_key: null, username_key: null, phone_key: null });
  });

  test('uncontested identifiers get their keys; a phone that is no number gets none', async () => {
    expect(await keysOf('bob')).toEqual({ email_key: 'bob@example.com', username_key: null, phone_key: '+12025550143' });
    expect(await keysOf('odd-phone')).toEqual({ email_key: null, username_key: 'odd', phone_key: null });
  });

  test('the keys are unique from now on', async () => {
    const now = Date.now();
    const answer = await h.store.users.insert(
      {
        id: 'late-squatter',
        email: 'ALICE@example.com',
        username: null,
        phone: null,
        phoneCountryCode: null,
        passwordHash: 'x',
        profile: {},
        loginsCount: 0,
        lastLoginAt: null,
        createdAt: now,
        updatedAt: now,
      },
      { emailKey: 'alice@example.com', usernameKey: null, phoneKey: null },
    );
    expect(answer).toEqual({ inserted: false, conflict: 'email' });
    expect((await h.store.users.findByLogin({ phoneKey: '+8613800138000' }))?.id).toBe('alice');
  });
});
