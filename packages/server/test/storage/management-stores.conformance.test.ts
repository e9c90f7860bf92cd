import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditEvent, SessionRecord } from '../../src/domain/ports.js';
import { insertUser, newId, openSqlHarness, SQL_DIALECTS, type SqlHarness } from '../support/storage-implementations.js';

/**
 * The storage the management API adds (issue 11), on every selected SQL dialect: access keys, pool
 * settings (written once, or overwritten), the user directory (pages, filters, unique changes, batch
 * deletion with the user's rows), a user's live sessions, and the audit trail by filter and cursor.
 */
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

describe.each(SQL_DIALECTS)('management storage on %s', (dialect) => {
  let h: SqlHarness;
  beforeAll(async () => {
    h = await openSqlHarness(dialect);
  });
  afterAll(() => h.close());

  test('access keys: insert, find, list, status, touch, delete', async () => {
    const keys = h.store.accessKeys;
    const id = `ak${newId()}`;
    await keys.insert({ id, name: 'ci', secretSealed: 'sealed', status: 'active', createdAt: NOW, lastUsedAt: null });
    expect(await keys.findById(id)).toEqual({ id, name: 'ci', secretSealed: 'sealed', status: 'active', createdAt: NOW, lastUsedAt: null });
    expect(await keys.setStatus(id, 'disabled')).toBe(true);
    await keys.touch(id, NOW + 1);
    expect(await keys.findById(id)).toMatchObject({ status: 'disabled', lastUsedAt: NOW + 1 });
    expect((await keys.list()).map((key) => key.id)).toContain(id);
    expect(await keys.delete(id)).toBe(true);
    expect(await keys.delete(id)).toBe(false);
    expect(await keys.setStatus(id, 'active')).toBe(false);
  });

  test('management nonces: forgetFreed deletes the freed rows of its prefix only', async () => {
    const prefix = `mgmt-nonce-${newId()}:`;
    await h.store.throttle.acquire(`${prefix}old`, 1000, NOW);
    await h.store.throttle.acquire(`${prefix}live`, 60_000, NOW);
    await h.store.throttle.acquire(`${prefix.slice(0, -1)}x:old`, 1000, NOW);
    await h.store.throttle.forgetFreed(prefix, NOW + 1000);
    const rows = await h.store.db.selectFrom('send_throttles').select('key').where('key', 'like', `${prefix.slice(0, -1)}%`).execute();
    expect(rows.map((row) => row.key).sort()).toEqual([`${prefix.slice(0, -1)}x:old`, `${prefix}live`].sort());
  });

  test('pool settings: writeOnce keeps the first value, write replaces it', async () => {
    const settings = h.store.poolSettings;
    expect(await settings.read('absent')).toBeUndefined();
    expect(await settings.writeOnce('pool-id', 'first')).toBe('first');
    expect(await settings.writeOnce('pool-id', 'second')).toBe('first');
    await settings.write('global', ['OTP']);
    await settings.write('global', ['OTP', 'SMS']);
    expect(await settings.read('global')).toEqual(['OTP', 'SMS']);
  });

  test('user directory: filtered pages, a unique key held by another user is a conflict, batch deletion takes the sessions', async () => {
    const directory = h.store.userDirectory;
    const a = await insertUser(h.store);
    const b = await insertUser(h.store);
    const emailKey = `dir-${newId()}@example.com`;
    expect(await directory.update(a, { email: { value: emailKey, key: emailKey } }, NOW)).toMatchObject({ updated: { id: a, email: emailKey, updatedAt: NOW } });
    expect(await directory.update(b, { email: { value: emailKey, key: emailKey } }, NOW)).toEqual({ conflict: 'email' });
    expect(await directory.update('nobody', { profile: {} }, NOW)).toEqual({ updated: undefined });
    expect(await directory.list({ emailKey, offset: 0, limit: 10 })).toMatchObject({ totalCount: 1, users: [{ id: a }] });
    const all = await directory.list({ offset: 0, limit: 1 });
    expect(all.users).toHaveLength(1);
    expect(all.totalCount).toBeGreaterThanOrEqual(2);

    const session: SessionRecord = {
      id: newId(), userId: a, appId: 'app-1', amr: ['pwd'], aal: 'aal1', aal2At: null, secondFactorAt: null,
      createdAt: NOW, expiresAt: NOW + 60_000, lastUsedAt: NOW, revokedAt: null,
    };
    await h.store.sessions.insert(session);
    expect((await h.store.sessions.listLive(a, NOW)).map((live) => live.id)).toEqual([session.id]);
    expect(await directory.deleteMany([a, 'nobody'])).toEqual([a]);
    expect(await h.store.users.findById(a)).toBeUndefined();
    expect(await h.store.sessions.findLive(session.id, NOW)).toBeUndefined();
  });

  test('sessions: listLive leaves out revoked and expired ones; revokeOne only revokes the given user’s live session', async () => {
    const userId = await insertUser(h.store);
    const base = { userId, appId: 'app-1', amr: ['pwd'], aal: 'aal1' as const, aal2At: null, secondFactorAt: null, createdAt: NOW, lastUsedAt: NOW, revokedAt: null };
    const live = { ...base, id: newId(), expiresAt: NOW + 60_000 };
    const expired = { ...base, id: newId(), expiresAt: NOW - 1 };
    await h.store.sessions.insert(live);
    await h.store.sessions.insert(expired);
    expect((await h.store.sessions.listLive(userId, NOW)).map((session) => session.id)).toEqual([live.id]);
    expect(await h.store.sessions.revokeOne('someone-else', live.id, NOW)).toBe(false);
    expect(await h.store.sessions.revokeOne(userId, live.id, NOW)).toBe(true);
    expect(await h.store.sessions.revokeOne(userId, live.id, NOW)).toBe(false);
    expect(await h.store.sessions.listLive(userId, NOW)).toEqual([]);
  });

  test('audit query: by user, type and time range, oldest first, after a cursor', async () => {
    const userId = `audit-${newId()}`;
    const event = (n: number, type: AuditEvent['type']): AuditEvent => ({
      id: `${String(NOW + n).padStart(15, '0')}${newId()}`, at: NOW + n, type, outcome: 'ok', userId, appId: null,
      factorType: null, via: 'admin', ip: null, userAgent: null, detail: null,
    });
    const events = [event(1, 'unlock'), event(2, 'verify'), event(3, 'unlock'), event(4, 'unlock')];
    for (const e of events) await h.store.audit.append(e);
    const unlocks = await h.store.audit.query({ userId, type: 'unlock', limit: 2 });
    expect(unlocks.map((e) => e.at)).toEqual([NOW + 1, NOW + 3]);
    expect((await h.store.audit.query({ userId, type: 'unlock', after: unlocks[1]!.id, limit: 2 })).map((e) => e.at)).toEqual([NOW + 4]);
    expect((await h.store.audit.query({ userId, from: NOW + 2, to: NOW + 4, limit: 10 })).map((e) => e.at)).toEqual([NOW + 2, NOW + 3]);
  });
});
