import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BudgetStore } from '../../src/domain/ports.js';
import { createFailureBudget, type FailureBudget } from '../../src/domain/verification/failure-budget.js';
import type { FailureBudgetPolicy } from '../../src/domain/verification/failure-budget-policy.js';
import { createRedisBudgetStore } from '../../src/storage/redis/failure-budget.js';
import { insertUser, newId, openRedisHarness, openSqlHarness, type SqlHarness } from '../support/storage-implementations.js';
import { onSelectedDialects, type TestDialect } from '../support/test-dialects.js';

/**
 * The failure budget (RL-01…RL-04) over each BudgetStore — SQLite, PostgreSQL and Redis: one budget of
 * consecutive failures per account, whatever the instance. The decisions are the domain's, written once;
 * what each store must give is the atomicity that makes them hold. Evaluations reserve their place first, so parallel guesses never
 * evaluate more than the allowance left; every `failuresPerLock` failures lock, with growing locks, and
 * at `failuresUntilAdminUnlock` only an administrator unlocks.
 */
const POLICY: FailureBudgetPolicy = { failuresPerLock: 3, failuresUntilAdminUnlock: 6, firstLockSeconds: 30, maxLockSeconds: 3600 };
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

type Harness = { budget: FailureBudget; store: BudgetStore; newUser(): Promise<string>; close(): Promise<void> };
const sql = (dialect: 'sqlite' | 'postgres') => async (): Promise<Harness> => {
  const h: SqlHarness = await openSqlHarness(dialect);
  return { budget: createFailureBudget(h.store.budget, POLICY), store: h.store.budget, newUser: () => insertUser(h.store), close: h.close };
};
const IMPLEMENTATIONS = onSelectedDialects<[TestDialect, () => Promise<Harness>]>([
  ['sqlite', sql('sqlite')],
  ['postgres', sql('postgres')],
  [
    'redis',
    async () =>
      openRedisHarness().then((h) => {
        const store = createRedisBudgetStore(h.redis);
        return { budget: createFailureBudget(store, POLICY), store, newUser: async () => newId(), close: h.close };
      }),
  ],
]);

describe.each(IMPLEMENTATIONS)('the failure budget on %s', (_name, open) => {
  let h: Harness;
  beforeAll(async () => {
    h = await open();
  });
  afterAll(() => h.close());

  async function fail(userId: string, times: number, now = NOW) {
    let state;
    for (let i = 0; i < times; i += 1) {
      expect(await h.budget.reserve(userId, now)).toEqual({ granted: true });
      state = await h.budget.recordFailure(userId, now);
    }
    return state!;
  }

  test('an unknown account has no budget yet, and a full one on first use', async () => {
    const userId = await h.newUser();
    expect(await h.budget.inspect(userId)).toBeUndefined();
    expect(await h.budget.reserve(userId, NOW)).toEqual({ granted: true });
  });

  test('of 20 parallel reservations only the allowance is granted (RL-04)', async () => {
    const userId = await h.newUser();
    const answers = await Promise.all(Array.from({ length: 20 }, () => h.budget.reserve(userId, NOW)));
    expect(answers.filter((answer) => answer.granted)).toHaveLength(POLICY.failuresPerLock);
    expect(answers.find((answer) => !answer.granted)).toEqual({ granted: false, retryAfterMs: 1000 });
  });

  test('a released reservation is given back', async () => {
    const userId = await h.newUser();
    for (let i = 0; i < POLICY.failuresPerLock; i += 1) await h.budget.reserve(userId, NOW);
    expect((await h.budget.reserve(userId, NOW)).granted).toBe(false);
    await h.budget.release(userId);
    expect((await h.budget.reserve(userId, NOW)).granted).toBe(true);
  });

  test('every failuresPerLock failures lock, for longer each time', async () => {
    const userId = await h.newUser();
    expect(await fail(userId, 3)).toEqual({ consecutiveFailures: 3, lockedUntil: NOW + 30_000, adminUnlockRequired: false });
    expect(await h.budget.reserve(userId, NOW + 10_000)).toEqual({ granted: false, retryAfterMs: 20_000 });
    const later = NOW + 30_000;
    expect(await fail(userId, 3, later)).toEqual({ consecutiveFailures: 6, lockedUntil: null, adminUnlockRequired: true });
    expect(await h.budget.reserve(userId, later + 10 * 3_600_000)).toEqual({ granted: false, retryAfterMs: null });
    expect(await h.budget.inspect(userId)).toEqual({ consecutiveFailures: 6, lockedUntil: NOW + 30_000, adminUnlockRequired: true });
  });

  test('clear (a success, or an administrator) restores a full budget', async () => {
    const userId = await h.newUser();
    await fail(userId, 2);
    await h.budget.clear(userId);
    expect(await h.budget.inspect(userId)).toEqual({ consecutiveFailures: 0, lockedUntil: 0, adminUnlockRequired: false });
    expect(await fail(userId, 2)).toMatchObject({ consecutiveFailures: 2, lockedUntil: null });
  });

  test('of 20 parallel refills of one stale reservation exactly one wins', async () => {
    const userId = await h.newUser();
    for (let i = 0; i < POLICY.failuresPerLock; i += 1) await h.store.take(userId, NOW, POLICY.failuresPerLock);
    const seen = { failures: 0, reservedAt: NOW };
    const answers = await Promise.all(Array.from({ length: 20 }, () => h.store.refill(userId, seen, 2, NOW + 61_000)));
    expect(answers.filter(Boolean)).toHaveLength(1);
  });

  test('a lock is not set over a clear that came in between', async () => {
    const userId = await h.newUser();
    await fail(userId, 2);
    await h.budget.clear(userId);
    await h.store.lock(userId, 2, { until: NOW + 30_000 }, 0);
    expect(await h.store.read(userId)).toMatchObject({ failures: 0, lockedUntil: 0 });
  });

  test('a success while evaluations are in flight refills only what they cannot use (RL-04)', async () => {
    const userId = await h.newUser();
    for (let i = 0; i < POLICY.failuresPerLock; i += 1) expect((await h.budget.reserve(userId, NOW)).granted).toBe(true);
    await h.budget.recordSuccess(userId);
    // Two evaluations are still in flight and may yet fail: one more may start, not three.
    expect((await h.budget.reserve(userId, NOW)).granted).toBe(true);
    expect((await h.budget.reserve(userId, NOW)).granted).toBe(false);
    expect(await h.store.read(userId)).toMatchObject({ failures: 0, allowance: 0, inFlight: 3 });
  });

  test('units given back after a success never grow the budget past full', async () => {
    const userId = await h.newUser();
    for (let i = 0; i < POLICY.failuresPerLock; i += 1) await h.budget.reserve(userId, NOW);
    await h.budget.recordSuccess(userId);
    await h.budget.release(userId);
    await h.budget.release(userId);
    expect(await h.store.read(userId)).toMatchObject({ allowance: POLICY.failuresPerLock, inFlight: 0 });
  });

  test('a reservation never settled (a crashed process) stops holding budget after a minute', async () => {
    const userId = await h.newUser();
    for (let i = 0; i < POLICY.failuresPerLock; i += 1) await h.budget.reserve(userId, NOW);
    expect((await h.budget.reserve(userId, NOW + 1_000)).granted).toBe(false);
    expect(await h.budget.reserve(userId, NOW + 61_000)).toEqual({ granted: true });
  });
});
