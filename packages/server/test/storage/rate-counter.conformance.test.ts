import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RateCounter } from '../../src/domain/ports.js';
import { createRedisRateCounter } from '../../src/storage/redis/rate-counter.js';
import { newId, openRedisHarness, openSqlHarness } from '../support/storage-implementations.js';
import { onSelectedDialects, type TestDialect } from '../support/test-dialects.js';

/**
 * RateCounter on SQLite, PostgreSQL and Redis: the send caps' counts (OOB-05) and the password and sign-up
 * budgets (RL-01…RL-04), shared by every instance. increment is one atomic statement (one script in
 * Redis), so concurrent requests each see a distinct count and none slips under a limit.
 */
const IMPLEMENTATIONS = onSelectedDialects<[TestDialect, () => Promise<{ counter: RateCounter; close(): Promise<void> }>]>([
  ['sqlite', async () => openSqlHarness('sqlite').then((h) => ({ counter: h.store.rateCounter, close: h.close }))],
  ['postgres', async () => openSqlHarness('postgres').then((h) => ({ counter: h.store.rateCounter, close: h.close }))],
  ['redis', async () => openRedisHarness().then((h) => ({ counter: createRedisRateCounter(h.redis), close: h.close }))],
]);

const HOUR_MS = 3_600_000;
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

describe.each(IMPLEMENTATIONS)('RateCounter on %s', (_name, open) => {
  let counter: RateCounter;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ counter, close } = await open());
  });
  afterAll(() => close());

  test('counts up within the window, which opens at the first event', async () => {
    const key = `user-hour:${newId()}`;
    expect(await counter.increment(key, HOUR_MS, NOW)).toEqual({ count: 1, resetsAt: NOW + HOUR_MS });
    expect(await counter.increment(key, HOUR_MS, NOW + 1000)).toEqual({ count: 2, resetsAt: NOW + HOUR_MS });
  });

  test('an ended window starts again at one', async () => {
    const key = `user-hour:${newId()}`;
    await counter.increment(key, HOUR_MS, NOW);
    await counter.increment(key, HOUR_MS, NOW);
    expect(await counter.increment(key, HOUR_MS, NOW + HOUR_MS)).toEqual({ count: 1, resetsAt: NOW + 2 * HOUR_MS });
  });

  test('decrement gives one back within the window and never goes below zero', async () => {
    const key = `ip-sms-hour:${newId()}`;
    await counter.increment(key, HOUR_MS, NOW);
    await counter.decrement(key, NOW);
    await counter.decrement(key, NOW);
    expect((await counter.increment(key, HOUR_MS, NOW)).count).toBe(1);
  });

  test('decrement after the window ended changes nothing', async () => {
    const key = `ip-sms-hour:${newId()}`;
    await counter.increment(key, HOUR_MS, NOW);
    await counter.decrement(key, NOW + HOUR_MS);
    expect((await counter.increment(key, HOUR_MS, NOW + HOUR_MS)).count).toBe(1);
  });

  test('20 concurrent increments of one key see 20 distinct counts', async () => {
    const key = `sms-budget:${newId()}`;
    const results = await Promise.all(Array.from({ length: 20 }, () => counter.increment(key, HOUR_MS, NOW)));
    expect(results.map((result) => result.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  test('20 concurrent increments then 20 concurrent decrements leave the count at zero', async () => {
    // What a burst of refused password attempts does: each reserves, then gives its unit back.
    const key = `pwd-ip-hour:${newId()}`;
    await Promise.all(Array.from({ length: 20 }, () => counter.increment(key, HOUR_MS, NOW)));
    await Promise.all(Array.from({ length: 20 }, () => counter.decrement(key, NOW)));
    expect(await counter.increment(key, HOUR_MS, NOW)).toEqual({ count: 1, resetsAt: NOW + HOUR_MS });
  });
});
