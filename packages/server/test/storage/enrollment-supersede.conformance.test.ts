import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PendingEnrollment } from '../../src/domain/ports.js';
import { insertUser, newId, openSqlHarness, SQL_DIALECTS, type SqlHarness } from '../support/storage-implementations.js';

/**
 * EnrollmentStore.supersedeEarlier on every dialect (OOB-04): once a new code is out, the earlier pending
 * enrollments of the same user and factor type stop working, and their spent attempts carry over.
 */
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const MAX_ATTEMPTS = 5;

describe.each(SQL_DIALECTS)('EnrollmentStore.supersedeEarlier on %s', (dialect) => {
  let h: SqlHarness;
  beforeAll(async () => {
    h = await openSqlHarness(dialect);
  });
  afterAll(() => h.close());

  async function pending(userId: string, overrides: Partial<PendingEnrollment> = {}): Promise<PendingEnrollment> {
    const row: PendingEnrollment = {
      tokenHash: newId(),
      factorId: newId(),
      userId,
      appId: 'app',
      factorType: 'EMAIL',
      profile: { email: 'someone@example.com' },
      secretSealed: null,
      codeHash: 'code-hash',
      recoveryCodeHash: null,
      attempts: 0,
      expiresAt: NOW + 60_000,
      createdAt: NOW,
      ...overrides,
    };
    await h.store.enrollments.insert(row);
    return row;
  }

  const usable = (row: PendingEnrollment) => h.store.enrollments.reserveAttempt(row.tokenHash, row.userId, NOW, MAX_ATTEMPTS);

  test('an earlier enrollment of the same millisecond stops working; the new one works', async () => {
    const userId = await insertUser(h.store);
    const first = await pending(userId);
    const second = await pending(userId);
    await h.store.enrollments.supersedeEarlier(second.tokenHash, NOW);
    expect(await usable(first)).toBeUndefined();
    expect(await usable(second)).toMatchObject({ tokenHash: second.tokenHash });
  });

  test('a later enrollment is never voided by an earlier one', async () => {
    const userId = await insertUser(h.store);
    const earlier = await pending(userId);
    const later = await pending(userId, { createdAt: NOW + 1 });
    await h.store.enrollments.supersedeEarlier(earlier.tokenHash, NOW);
    expect(await usable(later)).toBeDefined();
  });

  test('the attempts spent on a live earlier enrollment carry over', async () => {
    const userId = await insertUser(h.store);
    await pending(userId, { attempts: 3 });
    const second = await pending(userId);
    await h.store.enrollments.supersedeEarlier(second.tokenHash, NOW);
    expect(await usable(second)).toMatchObject({ attempts: 4 });
  });

  test('other users and other factor types are untouched', async () => {
    const userId = await insertUser(h.store);
    const otherUser = await pending(await insertUser(h.store));
    const otherType = await pending(userId, { factorType: 'SMS' });
    const mine = await pending(userId);
    await h.store.enrollments.supersedeEarlier(mine.tokenHash, NOW);
    expect(await usable(otherUser)).toBeDefined();
    expect(await usable(otherType)).toBeDefined();
  });
});
