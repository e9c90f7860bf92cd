import type { Redis } from 'ioredis';
import type { RateCounter } from '../../domain/ports.js';
import { defineScript } from './redis-client.js';

/**
 * Send-cap counters in Redis, shared by every instance. A hash { c: count, r: resets at } per key; the
 * window opens at the key's first event on the caller's clock (as in the SQL version) and the key's TTL
 * only collects it afterwards. Each step is one script, so concurrent sends each see a distinct count.
 */

/** KEYS[1] counter · ARGV[1] now · ARGV[2] resets at if a window opens · ARGV[3] window (ms). → {count, resetsAt} */
const INCREMENT_LUA = `
local resets = redis.call('HGET', KEYS[1], 'r')
if (not resets) or tonumber(resets) <= tonumber(ARGV[1]) then
  redis.call('HSET', KEYS[1], 'c', 1, 'r', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {1, ARGV[2]}
end
return {redis.call('HINCRBY', KEYS[1], 'c', 1), resets}
`;

/** KEYS[1] counter · ARGV[1] now. Takes one back only while that window is still open. */
const DECREMENT_LUA = `
local resets = redis.call('HGET', KEYS[1], 'r')
if resets and tonumber(resets) > tonumber(ARGV[1]) and tonumber(redis.call('HGET', KEYS[1], 'c')) > 0 then
  redis.call('HINCRBY', KEYS[1], 'c', -1)
end
return 0
`;

export function createRedisRateCounter(redis: Redis): RateCounter {
  const increment = defineScript(redis, 'tesseraRateCounterIncrement', 1, INCREMENT_LUA);
  const decrement = defineScript(redis, 'tesseraRateCounterDecrement', 1, DECREMENT_LUA);
  return {
    async increment(key, windowMs, now) {
      const [count, resetsAt] = (await increment([`rate:${key}`], [now, now + windowMs, windowMs])) as [number, string];
      return { count: Number(count), resetsAt: Number(resetsAt) };
    },
    async decrement(key, now) {
      await decrement([`rate:${key}`], [now]);
    },
  };
}
