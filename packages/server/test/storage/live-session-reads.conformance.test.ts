import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SessionClaims, SessionRecord } from '../../src/domain/ports.js';
import { insertFactor, insertSession, insertUser, newId, openSqlHarness, otpFactor, SQL_DIALECTS, type SqlHarness } from '../support/storage-implementations.js';

/**
 * LiveSessionReads on every selected SQL dialect: the session check and the factor read of get-factor and
 * list-enrolled-factors in one statement (issue 14). Nothing is read through a session that is not live
 * (unknown, revoked, expired) or not the claims' user and app; what is read is always the claims' user's.
 */
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const DAY_MS = 24 * 3_600_000;

describe.each(SQL_DIALECTS)('LiveSessionReads on %s', (dialect) => {
  let h: SqlHarness;
  beforeAll(async () => {
    h = await openSqlHarness(dialect);
  });
  afterAll(() => h.close());

  // A session that proved a second factor a moment ago, last used half a minute ago.
  const opened = (overrides: Partial<SessionRecord> = {}): Promise<SessionRecord> =>
    insertSession(h.store, NOW - 60_000, {
      amr: ['pwd', 'otp'],
      aal: 'aal2',
      aal2At: NOW - 1000,
      secondFactorAt: NOW - 1000,
      expiresAt: NOW + DAY_MS,
      lastUsedAt: NOW - 30_000,
      ...overrides,
    });
  const claimsOf = (session: SessionRecord): SessionClaims => ({ sessionId: session.id, userId: session.userId, appId: session.appId });
  const reads = () => h.store.liveSessionReads;

  describe('factorOf', () => {
    test('answers the session as stored and the factor', async () => {
      const session = await opened();
      const factor = await insertFactor(h.db, otpFactor(session.userId, { lastTotpStep: 2 ** 40 }));
      expect(await reads().factorOf(claimsOf(session), factor.id, NOW)).toEqual({ session, factor });
    });

    test("answers the session and no factor for an unknown id or another user's factor (AZ-01)", async () => {
      const session = await opened();
      const foreign = await insertFactor(h.db, otpFactor(await insertUser(h.store)));
      expect(await reads().factorOf(claimsOf(session), newId(), NOW)).toEqual({ session, factor: undefined });
      expect(await reads().factorOf(claimsOf(session), foreign.id, NOW)).toEqual({ session, factor: undefined });
    });

    test('answers nothing through a session that is revoked, expired or unknown', async () => {
      const revoked = await opened({ revokedAt: NOW - 1 });
      const expiring = await opened({ expiresAt: NOW + 1 });
      const factor = await insertFactor(h.db, otpFactor(revoked.userId));
      const expiringFactor = await insertFactor(h.db, otpFactor(expiring.userId));
      expect(await reads().factorOf(claimsOf(revoked), factor.id, NOW)).toBeUndefined();
      expect(await reads().factorOf(claimsOf(expiring), expiringFactor.id, NOW)).toBeDefined();
      expect(await reads().factorOf(claimsOf(expiring), expiringFactor.id, NOW + 1)).toBeUndefined();
      expect(await reads().factorOf({ ...claimsOf(revoked), sessionId: newId() }, factor.id, NOW)).toBeUndefined();
    });

    test("answers nothing when the claims name another user or app than the session's", async () => {
      const session = await opened();
      const factor = await insertFactor(h.db, otpFactor(session.userId));
      const stranger = await insertUser(h.store);
      expect(await reads().factorOf({ ...claimsOf(session), userId: stranger }, factor.id, NOW)).toBeUndefined();
      expect(await reads().factorOf({ ...claimsOf(session), appId: 'app-2' }, factor.id, NOW)).toBeUndefined();
    });
  });

  describe('factorsOf', () => {
    test("answers the session and the user's factors in binding order, no one else's", async () => {
      const session = await opened();
      const later = await insertFactor(h.db, { ...otpFactor(session.userId), type: 'EMAIL', profile: { email: 'a@example.com' }, secretSealed: null, createdAt: NOW - 10 });
      const earlier = await insertFactor(h.db, otpFactor(session.userId, { createdAt: NOW - 20 }));
      await insertFactor(h.db, otpFactor(await insertUser(h.store)));
      expect(await reads().factorsOf(claimsOf(session), NOW)).toEqual({ session, factors: [earlier, later] });
    });

    test('answers the session and no factor for a user with none', async () => {
      const session = await opened();
      expect(await reads().factorsOf(claimsOf(session), NOW)).toEqual({ session, factors: [] });
    });

    test('answers nothing through a session that is not live or not the claims', async () => {
      const revoked = await opened({ revokedAt: NOW - 1 });
      const live = await opened();
      await insertFactor(h.db, otpFactor(revoked.userId));
      expect(await reads().factorsOf(claimsOf(revoked), NOW)).toBeUndefined();
      expect(await reads().factorsOf(claimsOf(live), live.expiresAt)).toBeUndefined();
      expect(await reads().factorsOf({ ...claimsOf(live), appId: 'app-2' }, NOW)).toBeUndefined();
    });
  });

  // On PostgreSQL these reads are named prepared statements (storage/named-statements.ts): one that said
  // `select *` would fail on every connection that prepared it once a migration adds a column — what an
  // old instance meets during a rolling upgrade (migrations only add).
  test('the hot reads keep answering after a column is added to their tables', async () => {
    const session = await opened();
    const factor = await insertFactor(h.db, otpFactor(session.userId));
    // One after another, so each runs on the connection that prepared it (pg's pool hands out the last idle one).
    const readAll = async () => [
      await reads().factorOf(claimsOf(session), factor.id, NOW),
      await reads().factorsOf(claimsOf(session), NOW),
      await h.store.sessions.findLive(session.id, NOW),
      await h.store.factors.findForUser(session.userId, factor.id),
      await h.store.factors.listByUser(session.userId),
      await h.store.factors.findByType(session.userId, 'OTP'),
    ];
    const before = await readAll();
    await sql`alter table sessions add column added_later integer`.execute(h.db);
    await sql`alter table factors add column added_later integer`.execute(h.db);
    expect(await readAll()).toEqual(before);
  });
});
