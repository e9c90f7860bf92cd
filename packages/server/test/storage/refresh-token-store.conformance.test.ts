import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RefreshTokenRecord, SessionRecord } from '../../src/domain/ports.js';
import { insertUser, newId, openSqlHarness, SQL_DIALECTS, type SqlHarness } from '../support/storage-implementations.js';

/**
 * RefreshTokenStore on every selected SQL dialect: a live token is claimed for rotation exactly once, even
 * by concurrent callers; a rotated, revoked, expired or foreign token is never claimed; a family and a
 * session revoke all of theirs.
 */
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const HOUR_MS = 3_600_000;

describe.each(SQL_DIALECTS)('RefreshTokenStore on %s', (dialect) => {
  let h: SqlHarness;
  beforeAll(async () => {
    h = await openSqlHarness(dialect);
  });
  afterAll(() => h.close());

  async function session(): Promise<SessionRecord> {
    const record: SessionRecord = {
      id: newId(), userId: await insertUser(h.store), appId: 'app-1', amr: ['pwd'], aal: 'aal1', aal2At: null,
      secondFactorAt: null, createdAt: NOW, expiresAt: NOW + 24 * HOUR_MS, lastUsedAt: NOW, revokedAt: null,
    };
    await h.store.sessions.insert(record);
    return record;
  }

  async function token(overrides: Partial<RefreshTokenRecord> = {}, of?: SessionRecord): Promise<RefreshTokenRecord> {
    const owner = of ?? (await session());
    const record: RefreshTokenRecord = {
      tokenHash: newId(), familyId: newId(), sessionId: owner.id, userId: owner.userId, appId: 'app-1', scope: 'openid offline_access',
      createdAt: NOW, expiresAt: NOW + HOUR_MS, rotatedAt: null, revokedAt: null, ...overrides,
    };
    await h.store.refreshTokens.insert(record);
    return record;
  }

  test('a live token is claimed once; then it reads as rotated', async () => {
    const live = await token();
    expect(await h.store.refreshTokens.claimForRotation(live.tokenHash, 'app-1', NOW)).toMatchObject({ familyId: live.familyId, rotatedAt: NOW });
    expect(await h.store.refreshTokens.claimForRotation(live.tokenHash, 'app-1', NOW)).toBeUndefined();
    expect((await h.store.refreshTokens.find(live.tokenHash))!.rotatedAt).toBe(NOW);
  });

  test('of 10 concurrent claims exactly one wins', async () => {
    const live = await token();
    const claims = await Promise.all(Array.from({ length: 10 }, () => h.store.refreshTokens.claimForRotation(live.tokenHash, 'app-1', NOW)));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  test.each([
    ['expired', { expiresAt: NOW }],
    ['revoked', { revokedAt: NOW - 1 }],
    ['of another app', { appId: 'app-2' }],
  ])('a token %s is not claimed', async (_name, overrides) => {
    const record = await token(overrides);
    expect(await h.store.refreshTokens.claimForRotation(record.tokenHash, 'app-1', NOW)).toBeUndefined();
  });

  test('revokeFamily and revokeBySession revoke every token of theirs, and no other', async () => {
    const owner = await session();
    const familyId = newId();
    const [a, b] = [await token({ familyId }, owner), await token({ familyId }, owner)];
    const other = await token({}, owner);
    const elsewhere = await token();
    expect(await h.store.refreshTokens.revokeFamily(familyId, NOW)).toBe(2);
    expect((await h.store.refreshTokens.find(a.tokenHash))!.revokedAt).toBe(NOW);
    expect((await h.store.refreshTokens.find(b.tokenHash))!.revokedAt).toBe(NOW);
    expect((await h.store.refreshTokens.find(other.tokenHash))!.revokedAt).toBeNull();
    expect(await h.store.refreshTokens.revokeBySession(owner.id, NOW)).toBe(1);
    expect((await h.store.refreshTokens.find(elsewhere.tokenHash))!.revokedAt).toBeNull();
  });

  test('SessionStore.revoke ends one live session, once', async () => {
    const owner = await session();
    expect(await h.store.sessions.revoke(owner.id, NOW)).toBe(true);
    expect(await h.store.sessions.revoke(owner.id, NOW)).toBe(false);
    expect(await h.store.sessions.findLive(owner.id, NOW)).toBeUndefined();
  });
});
