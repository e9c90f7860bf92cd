import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PendingEnrollment } from '../../src/domain/ports.js';
import {
  insertFactor,
  insertUser,
  newId,
  openSqlHarness,
  otpFactor,
  SQL_DIALECTS,
  type SqlHarness,
} from '../support/storage-implementations.js';

/**
 * EnrollmentStore on every dialect. An enrollment token is single-use and bounds guesses: reserveAttempt
 * spends an attempt atomically before the code is checked (ENR-05), and complete consumes the token and
 * binds the factor in one transaction, so concurrent confirms make one factor and a failed bind leaves
 * nothing half-written (DUR-02, DUR-03).
 */
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const MAX_ATTEMPTS = 5;

describe.each(SQL_DIALECTS)('EnrollmentStore on %s', (dialect) => {
  let h: SqlHarness;
  beforeAll(async () => {
    h = await openSqlHarness(dialect);
  });
  afterAll(() => h.close());

  async function pendingFor(userId: string, overrides: Partial<PendingEnrollment> = {}): Promise<PendingEnrollment> {
    const pending: PendingEnrollment = {
      tokenHash: newId(),
      factorId: newId(),
      userId,
      appId: 'app',
      factorType: 'OTP',
      profile: {},
      secretSealed: 'v1.sealed',
      codeHash: null,
      recoveryCodeHash: 'recovery-hash',
      attempts: 0,
      expiresAt: NOW + 60_000,
      createdAt: NOW,
      ...overrides,
    };
    await h.store.enrollments.insert(pending);
    return pending;
  }

  const factorOf = (pending: PendingEnrollment) => otpFactor(pending.userId, { id: pending.factorId, lastTotpStep: 1 });

  test('reserveAttempt spends attempts until none are left', async () => {
    const pending = await pendingFor(await insertUser(h.store));
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      expect(await h.store.enrollments.reserveAttempt(pending.tokenHash, pending.userId, NOW, MAX_ATTEMPTS)).toMatchObject({
        attempts: attempt,
        factorId: pending.factorId,
        expiresAt: pending.expiresAt,
      });
    }
    expect(await h.store.enrollments.reserveAttempt(pending.tokenHash, pending.userId, NOW, MAX_ATTEMPTS)).toBeUndefined();
  });

  test('of 20 concurrent reservations exactly the allowed number succeed', async () => {
    const pending = await pendingFor(await insertUser(h.store));
    const results = await Promise.all(
      Array.from({ length: 20 }, () => h.store.enrollments.reserveAttempt(pending.tokenHash, pending.userId, NOW, MAX_ATTEMPTS)),
    );
    expect(results.filter(Boolean)).toHaveLength(MAX_ATTEMPTS);
  });

  test("reserveAttempt refuses another user's, an expired and an unknown token", async () => {
    const pending = await pendingFor(await insertUser(h.store));
    const stranger = await insertUser(h.store);
    expect(await h.store.enrollments.reserveAttempt(pending.tokenHash, stranger, NOW, MAX_ATTEMPTS)).toBeUndefined();
    expect(await h.store.enrollments.reserveAttempt(pending.tokenHash, pending.userId, pending.expiresAt, MAX_ATTEMPTS)).toBeUndefined();
    expect(await h.store.enrollments.reserveAttempt(newId(), pending.userId, NOW, MAX_ATTEMPTS)).toBeUndefined();
  });

  test('complete binds once; the token is then spent', async () => {
    const pending = await pendingFor(await insertUser(h.store));
    expect(await h.store.enrollments.complete(pending.tokenHash, factorOf(pending), NOW)).toBe('bound');
    expect(await h.store.enrollments.complete(pending.tokenHash, factorOf(pending), NOW)).toBe('token-used');
    expect(await h.store.enrollments.reserveAttempt(pending.tokenHash, pending.userId, NOW, MAX_ATTEMPTS)).toBeUndefined();
    expect(await h.store.factors.listByUser(pending.userId)).toHaveLength(1);
  });

  test('of 10 concurrent completions of one token exactly one binds a factor (DUR-03)', async () => {
    const pending = await pendingFor(await insertUser(h.store));
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => h.store.enrollments.complete(pending.tokenHash, factorOf(pending), NOW)),
    );
    expect(outcomes.filter((outcome) => outcome === 'bound')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== 'bound').every((outcome) => outcome === 'token-used')).toBe(true);
    expect(await h.store.factors.listByUser(pending.userId)).toHaveLength(1);
  });

  test('a bind refused because the type is taken leaves the token unspent and no second factor', async () => {
    const userId = await insertUser(h.store);
    await insertFactor(h.db, otpFactor(userId));
    const pending = await pendingFor(userId);
    expect(await h.store.enrollments.complete(pending.tokenHash, factorOf(pending), NOW)).toBe('type-already-bound');
    expect(await h.store.factors.listByUser(userId)).toHaveLength(1);
    const row = await h.db.selectFrom('pending_enrollments').select('consumed_at').where('token_hash', '=', pending.tokenHash).executeTakeFirst();
    expect(row?.consumed_at).toBeNull();
  });

  test('discard removes a pending enrollment', async () => {
    const pending = await pendingFor(await insertUser(h.store));
    await h.store.enrollments.discard(pending.tokenHash);
    expect(await h.store.enrollments.reserveAttempt(pending.tokenHash, pending.userId, NOW, MAX_ATTEMPTS)).toBeUndefined();
  });
});
