import type { Redis } from 'ioredis';
import type { FailureBudget } from '../../domain/ports.js';
import { allowanceAfter, lockDurationMs } from '../../domain/verification/failure-budget-policy.js';
import { defineScript } from './redis-client.js';

/** As in the SQL version: a reservation never settled (a crashed process) stops holding budget after this. */
const STALE_RESERVATION_MS = 60_000;

/**
 * The account failure budget in Redis, shared by every instance: one hash per user
 * { f: consecutive failures, a: allowance, l: locked until, x: admin lock, r: last reservation }. Each
 * step mirrors one conditional statement of the SQL version as one script, so 50 parallel guesses get at
 * most the allowance left (RL-04). No TTL: a lock must outlive quiet periods. Redis must persist
 * (appendonly) for the budget to survive a Redis restart — see docs/deployment.md.
 */

/** KEYS[1] · ARGV[1] now · ARGV[2] initial allowance. → {1} granted, or {0, x, l, r, f}. */
const RESERVE_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'f', 0, 'a', ARGV[2], 'l', 0, 'x', 0, 'r', 0)
end
local b = redis.call('HMGET', KEYS[1], 'f', 'a', 'l', 'x', 'r')
if tonumber(b[2]) > 0 and tonumber(b[4]) == 0 and tonumber(b[3]) <= tonumber(ARGV[1]) then
  redis.call('HINCRBY', KEYS[1], 'a', -1)
  redis.call('HSET', KEYS[1], 'r', ARGV[1])
  return {1}
end
return {0, b[4], b[3], b[5], b[1]}
`;

/** Compare-and-set refill of a stale allowance. KEYS[1] · ARGV: failures, reserved at, new allowance, now. */
const REFILL_LUA = `
local b = redis.call('HMGET', KEYS[1], 'f', 'a', 'r')
if b[1] == ARGV[1] and tonumber(b[2]) == 0 and b[3] == ARGV[2] then
  redis.call('HSET', KEYS[1], 'a', ARGV[3], 'r', ARGV[4])
  return 1
end
return 0
`;

/** KEYS[1] */
const RELEASE_LUA = `
if redis.call('HGET', KEYS[1], 'x') == '0' then redis.call('HINCRBY', KEYS[1], 'a', 1) end
return 0
`;

/** KEYS[1] · ARGV[1] initial allowance. → failures after this one. */
const RECORD_FAILURE_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'f', 0, 'a', ARGV[1], 'l', 0, 'x', 0, 'r', 0)
end
return redis.call('HINCRBY', KEYS[1], 'f', 1)
`;

/** KEYS[1] · ARGV: failures, locked until, allowance. Locks unless a clear came in between. */
const LOCK_LUA = `
if tonumber(redis.call('HGET', KEYS[1], 'f')) >= tonumber(ARGV[1]) then
  redis.call('HSET', KEYS[1], 'l', ARGV[2], 'a', ARGV[3])
end
return 0
`;

/** KEYS[1] · ARGV[1] full allowance. Only an existing budget is reset, as in SQL. */
const CLEAR_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'f', 0, 'a', ARGV[1], 'l', 0, 'x', 0)
end
return 0
`;

export function createRedisFailureBudget(redis: Redis): FailureBudget {
  const reserve = defineScript(redis, 'tesseraBudgetReserve', 1, RESERVE_LUA);
  const refill = defineScript(redis, 'tesseraBudgetRefill', 1, REFILL_LUA);
  const release = defineScript(redis, 'tesseraBudgetRelease', 1, RELEASE_LUA);
  const recordFailure = defineScript(redis, 'tesseraBudgetRecordFailure', 1, RECORD_FAILURE_LUA);
  const lock = defineScript(redis, 'tesseraBudgetLock', 1, LOCK_LUA);
  const clear = defineScript(redis, 'tesseraBudgetClear', 1, CLEAR_LUA);
  const keyOf = (userId: string) => [`budget:${userId}`];

  return {
    async reserve(userId, now, policy) {
      const answer = (await reserve(keyOf(userId), [now, allowanceAfter(0, policy)])) as (number | string)[];
      if (Number(answer[0]) === 1) return { granted: true };
      const [, adminLock, lockedUntilText, reservedAtText, failuresText] = answer.map(String);
      if (adminLock === '1') return { granted: false, retryAfterMs: null };
      const lockedUntil = Number(lockedUntilText);
      if (lockedUntil > now) return { granted: false, retryAfterMs: lockedUntil - now };
      if (Number(reservedAtText) < now - STALE_RESERVATION_MS) {
        const allowance = allowanceAfter(Number(failuresText), policy);
        if (allowance > 0 && Number(await refill(keyOf(userId), [failuresText!, reservedAtText!, allowance - 1, now])) === 1) {
          return { granted: true };
        }
      }
      // The rest of the budget is held by evaluations in flight; they settle in milliseconds.
      return { granted: false, retryAfterMs: 1000 };
    },

    async release(userId) {
      await release(keyOf(userId), []);
    },

    async recordFailure(userId, now, policy) {
      // Each concurrent increment sees its own count, so exactly one caller crosses a threshold.
      const failures = Number(await recordFailure(keyOf(userId), [allowanceAfter(0, policy)]));
      if (failures >= policy.failuresUntilAdminUnlock) {
        await redis.hset(keyOf(userId)[0]!, 'x', 1, 'a', 0);
        return { consecutiveFailures: failures, lockedUntil: null, adminUnlockRequired: true };
      }
      if (failures % policy.failuresPerLock === 0) {
        const lockedUntil = now + lockDurationMs(failures / policy.failuresPerLock, policy);
        await lock(keyOf(userId), [failures, lockedUntil, allowanceAfter(failures, policy)]);
        return { consecutiveFailures: failures, lockedUntil, adminUnlockRequired: false };
      }
      return { consecutiveFailures: failures, lockedUntil: null, adminUnlockRequired: false };
    },

    async clear(userId, policy) {
      await clear(keyOf(userId), [allowanceAfter(0, policy)]);
    },

    async inspect(userId) {
      const budget = await redis.hgetall(keyOf(userId)[0]!);
      if (budget.f === undefined) return undefined;
      return { consecutiveFailures: Number(budget.f), lockedUntil: Number(budget.l), adminUnlockRequired: budget.x === '1' };
    },
  };
}
