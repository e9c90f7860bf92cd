import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SendThrottle } from '../../src/domain/ports.js';
import { createRedisSendThrottle } from '../../src/storage/redis/send-throttle.js';
import { newId, openRedisHarness, openSqlHarness } from '../support/storage-implementations.js';
import { onSelectedDialects, type TestDialect } from '../support/test-dialects.js';

/**
 * SendThrottle on SQLite, PostgreSQL and Redis: one code per destination per window, shared by every
 * instance (OOB-05). The slot is taken atomically, so two instances racing for one number send once.
 */
const IMPLEMENTATIONS = onSelectedDialects<[TestDialect, () => Promise<{ throttle: SendThrottle; close(): Promise<void> }>]>([
  ['sqlite', async () => openSqlHarness('sqlite').then((h) => ({ throttle: h.store.throttle, close: h.close }))],
  ['postgres', async () => openSqlHarness('postgres').then((h) => ({ throttle: h.store.throttle, close: h.close }))],
  ['redis', async () => openRedisHarness().then((h) => ({ throttle: createRedisSendThrottle(h.redis), close: h.close }))],
]);

const WINDOW_MS = 60_000;
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

describe.each(IMPLEMENTATIONS)('SendThrottle on %s', (_name, open) => {
  let throttle: SendThrottle;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ throttle, close } = await open());
  });
  afterAll(() => close());

  test('the first send takes the slot; the next in the window is told how long to wait', async () => {
    const key = `send:sms:${newId()}`;
    expect(await throttle.acquire(key, WINDOW_MS, NOW)).toEqual({ acquired: true });
    expect(await throttle.acquire(key, WINDOW_MS, NOW + 15_000)).toEqual({ acquired: false, retryAfterMs: 45_000 });
  });

  test('the slot frees when the window has passed', async () => {
    const key = `send:email:${newId()}`;
    await throttle.acquire(key, WINDOW_MS, NOW);
    expect(await throttle.acquire(key, WINDOW_MS, NOW + WINDOW_MS)).toEqual({ acquired: true });
    expect(await throttle.acquire(key, WINDOW_MS, NOW + WINDOW_MS + 1)).toMatchObject({ acquired: false });
  });

  test('forgetFreed never frees a slot still in its window, nor another prefix', async () => {
    const prefix = `nonce-${newId()}:`;
    const held = `${prefix}held`;
    await throttle.acquire(held, WINDOW_MS, NOW);
    await throttle.acquire(`${prefix}short`, 1000, NOW);
    const other = `other-${newId()}`;
    await throttle.acquire(other, WINDOW_MS, NOW);
    await throttle.forgetFreed(prefix, NOW + 1000);
    expect(await throttle.acquire(held, WINDOW_MS, NOW + 1000)).toMatchObject({ acquired: false });
    expect(await throttle.acquire(other, WINDOW_MS, NOW + 1000)).toMatchObject({ acquired: false });
    expect(await throttle.acquire(`${prefix}short`, 1000, NOW + 1000)).toEqual({ acquired: true });
  });

  test('keys are independent', async () => {
    expect(await throttle.acquire(`send:sms:${newId()}`, WINDOW_MS, NOW)).toEqual({ acquired: true });
    expect(await throttle.acquire(`send:sms:${newId()}`, WINDOW_MS, NOW)).toEqual({ acquired: true });
  });

  test('of 20 concurrent acquisitions of one slot exactly one wins', async () => {
    const key = `send:sms:${newId()}`;
    const results = await Promise.all(Array.from({ length: 20 }, () => throttle.acquire(key, WINDOW_MS, NOW)));
    expect(results.filter((result) => result.acquired)).toHaveLength(1);
  });
});
