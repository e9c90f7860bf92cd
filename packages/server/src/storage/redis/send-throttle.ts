import type { Redis } from 'ioredis';
import type { SendThrottle } from '../../domain/ports.js';
import { defineScript } from './redis-client.js';

/**
 * Takes the slot only if it is free, in one script: of two instances racing for one phone number, one
 * sends. The value is the time the slot frees, on the caller's clock (as in the SQL version); the key's TTL
 * only collects it afterwards.
 * KEYS[1] slot · ARGV[1] now (ms) · ARGV[2] free at (ms) · ARGV[3] window (ms). Returns 0 or ms to wait.
 */
const ACQUIRE_LUA = `
local current = redis.call('GET', KEYS[1])
if current and tonumber(current) > tonumber(ARGV[1]) then
  return tonumber(current) - tonumber(ARGV[1])
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 0
`;

export function createRedisSendThrottle(redis: Redis): SendThrottle {
  const acquire = defineScript(redis, 'tesseraSendThrottleAcquire', 1, ACQUIRE_LUA);
  return {
    async acquire(key, windowMs, now) {
      const waitMs = Number(await acquire([`throttle:${key}`], [now, now + windowMs, windowMs]));
      return waitMs === 0 ? { acquired: true } : { acquired: false, retryAfterMs: Math.max(1, waitMs) };
    },
    // Keys expire with their slot (PX).
    forgetFreed: async () => undefined,
  };
}
