import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SessionRecord, SessionStore } from '../../src/domain/ports.js';
import { insertSession, newId, openSqlHarness, SQL_DIALECTS, type SqlHarness } from '../support/storage-implementations.js';

/**
 * SessionStore on every selected SQL dialect: the server-side session every access token names (`sid`).
 * Only a live session (not revoked, not expired) is found; a second factor raises the session's assurance
 * and never lowers it (step-up); resetting a factor revokes every other session of the user.
 */
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

describe.each(SQL_DIALECTS)('SessionStore on %s', (dialect) => {
  let h: SqlHarness;
  let sessions: SessionStore;
  beforeAll(async () => {
    h = await openSqlHarness(dialect);
    sessions = h.store.sessions;
  });
  afterAll(() => h.close());

  const opened = (overrides: Partial<SessionRecord> = {}): Promise<SessionRecord> => insertSession(h.store, NOW, overrides);

  describe('touch and lapseElevation (AZ-06)', () => {
    test('touch records a later use, never an earlier one', async () => {
      const session = await opened();
      await sessions.touch(session.id, NOW + 60_000);
      await sessions.touch(session.id, NOW + 30_000);
      expect((await sessions.findLive(session.id, NOW))!.lastUsedAt).toBe(NOW + 60_000);
    });

    test('lapseElevation takes the session back to aal1 with no proof times, its amr kept', async () => {
      const session = await opened({ amr: ['pwd', 'otp', 'mfa'], aal: 'aal2', aal2At: NOW, secondFactorAt: NOW });
      await sessions.lapseElevation(session.id);
      expect(await sessions.findLive(session.id, NOW)).toMatchObject({ aal: 'aal1', aal2At: null, secondFactorAt: null, amr: ['pwd', 'otp', 'mfa'] });
    });
  });

  describe('findLive', () => {
    test('answers the session as inserted', async () => {
      const session = await opened({ amr: ['pwd', 'otp'], aal: 'aal2', aal2At: NOW, secondFactorAt: NOW });
      expect(await sessions.findLive(session.id, NOW)).toEqual(session);
    });

    test('answers nothing for an unknown id, and nothing from the moment the session expires', async () => {
      const session = await opened();
      expect(await sessions.findLive(newId(), NOW)).toBeUndefined();
      expect(await sessions.findLive(session.id, session.expiresAt - 1)).toBeDefined();
      expect(await sessions.findLive(session.id, session.expiresAt)).toBeUndefined();
    });

    test('answers nothing for a revoked session', async () => {
      const session = await opened({ revokedAt: NOW });
      expect(await sessions.findLive(session.id, NOW)).toBeUndefined();
    });
  });

  describe('recordSecondFactor', () => {
    test('an aal2 factor raises the session to aal2 and records both proof times', async () => {
      const session = await opened();
      await sessions.recordSecondFactor(session.id, { amr: ['pwd', 'otp'], aal2: true, at: NOW + 1000 });
      expect(await sessions.findLive(session.id, NOW)).toEqual({
        ...session,
        amr: ['pwd', 'otp'],
        aal: 'aal2',
        aal2At: NOW + 1000,
        secondFactorAt: NOW + 1000,
      });
    });

    test('a factor below aal2 (email) records the proof but leaves aal1 and aal2At alone', async () => {
      const session = await opened();
      await sessions.recordSecondFactor(session.id, { amr: ['pwd', 'mail'], aal2: false, at: NOW + 1000 });
      expect(await sessions.findLive(session.id, NOW)).toMatchObject({ amr: ['pwd', 'mail'], aal: 'aal1', aal2At: null, secondFactorAt: NOW + 1000 });
    });

    test('never lowers aal: a weaker proof after an aal2 one keeps aal2 and its time', async () => {
      const session = await opened();
      await sessions.recordSecondFactor(session.id, { amr: ['pwd', 'otp'], aal2: true, at: NOW + 1000 });
      await sessions.recordSecondFactor(session.id, { amr: ['pwd', 'otp', 'mail'], aal2: false, at: NOW + 2000 });
      expect(await sessions.findLive(session.id, NOW)).toMatchObject({
        amr: ['pwd', 'otp', 'mail'],
        aal: 'aal2',
        aal2At: NOW + 1000,
        secondFactorAt: NOW + 2000,
      });
    });

    test('never lowers aal under concurrency: 20 parallel weaker proofs after an aal2 one leave aal2', async () => {
      const session = await opened();
      await sessions.recordSecondFactor(session.id, { amr: ['pwd', 'otp'], aal2: true, at: NOW });
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => sessions.recordSecondFactor(session.id, { amr: ['pwd', 'otp', 'mail'], aal2: false, at: NOW + 1 + i })),
      );
      expect(await sessions.findLive(session.id, NOW)).toMatchObject({ aal: 'aal2', aal2At: NOW });
    });

    test('does not touch a revoked session', async () => {
      const session = await opened();
      await sessions.revokeOthers(session.userId, null, NOW);
      await sessions.recordSecondFactor(session.id, { amr: ['pwd', 'otp'], aal2: true, at: NOW + 1000 });
      const row = await h.db.selectFrom('sessions').select(['aal', 'aal2_at', 'revoked_at']).where('id', '=', session.id).executeTakeFirstOrThrow();
      expect({ aal: row.aal, aal2At: row.aal2_at, revokedAt: Number(row.revoked_at) }).toEqual({ aal: 'aal1', aal2At: null, revokedAt: NOW });
    });
  });

  describe('revokeOthers', () => {
    test("revokes every live session of the user but the one kept, and answers how many; other users' stay", async () => {
      const kept = await opened();
      const others = [await opened({ userId: kept.userId }), await opened({ userId: kept.userId })];
      const stranger = await opened();
      expect(await sessions.revokeOthers(kept.userId, kept.id, NOW + 1000)).toBe(2);
      expect(await sessions.findLive(kept.id, NOW + 1000)).toBeDefined();
      for (const other of others) expect(await sessions.findLive(other.id, NOW + 1000)).toBeUndefined();
      expect(await sessions.findLive(stranger.id, NOW + 1000)).toBeDefined();
    });

    test('with no session to keep, revokes them all', async () => {
      const first = await opened();
      const second = await opened({ userId: first.userId });
      expect(await sessions.revokeOthers(first.userId, null, NOW)).toBe(2);
      expect(await sessions.findLive(first.id, NOW)).toBeUndefined();
      expect(await sessions.findLive(second.id, NOW)).toBeUndefined();
    });

    test('does not count or re-stamp sessions revoked before', async () => {
      const session = await opened();
      expect(await sessions.revokeOthers(session.userId, null, NOW)).toBe(1);
      expect(await sessions.revokeOthers(session.userId, null, NOW + 5000)).toBe(0);
      const row = await h.db.selectFrom('sessions').select('revoked_at').where('id', '=', session.id).executeTakeFirstOrThrow();
      expect(Number(row.revoked_at)).toBe(NOW);
    });
  });

  describe('revoke and listLive', () => {
    test('revoke ends one session; the same user\'s other sessions stay live and listed', async () => {
      const ended = await opened();
      const kept = await opened({ userId: ended.userId });
      await sessions.revoke(ended.id, NOW + 1000);
      expect(await sessions.findLive(ended.id, NOW + 1000)).toBeUndefined();
      expect((await sessions.listLive(ended.userId, NOW + 1000)).map((session) => session.id)).toEqual([kept.id]);
    });

    test("listLive leaves out other users' sessions", async () => {
      const mine = await opened();
      await opened();
      expect((await sessions.listLive(mine.userId, NOW)).map((session) => session.id)).toEqual([mine.id]);
    });
  });
});
