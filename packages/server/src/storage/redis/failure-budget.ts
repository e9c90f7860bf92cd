import type { Redis } from 'ioredis';
import type { BudgetStore } from '../../domain/ports.js';
import { defineScript } from './redis-client.js';

/**
 * The account failure budget in Redis, shared by every instance: one hash per user
 * { f: consecutive failures, a: allowance, l: locked until, x: admin lock, r: last reservation, i: in flight }.
 * Each step is one script, the same conditional step as the SQL store's, so parallel guesses take at most
 * the allowance left (RL-04). No TTL: a lock must outlive quiet periods. Redis must persist (appendonly)
 * for the budget to survive a Redis restart — see docs/deployment.md.
 */

const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'f', 0, 'a', ARGV[1], 'l', 0, 'x', 0, 'r', 0, 'i', 0)
end
`;

/** KEYS[1] · ARGV[1] initial allowance · ARGV[2] now. → {1} taken, or {0, f, a, l, x, r, i}. */
const TAKE_LUA = `${CREATE}
local b = redis.call('HMGET', KEYS[1], 'f', 'a', 'l', 'x', 'r', 'i')
if tonumber(b[2]) > 0 and tonumber(b[4]) == 0 and tonumber(b[3]) <= tonumber(ARGV[2]) then
  redis.call('HINCRBY', KEYS[1], 'a', -1)
  redis.call('HINCRBY', KEYS[1], 'i', 1)
  redis.call('HSET', KEYS[1], 'r', ARGV[2])
  return {1}
end
return {0, b[1], b[2], b[3], b[4], b[5], b[6] or 0}
`;

/** KEYS[1] · ARGV: failures seen, reserved at seen, new allowance, now. */
const REFILL_LUA = `
local b = redis.call('HMGET', KEYS[1], 'f', 'a', 'r')
if b[1] == ARGV[1] and tonumber(b[2]) == 0 and b[3] == ARGV[2] then
  redis.call('HSET', KEYS[1], 'a', ARGV[3], 'r', ARGV[4], 'i', 1)
  return 1
end
return 0
`;

/** Lua: in flight less ARGV[n], never below zero. */
const SETTLE = (settles: string) => `
local inFlight = math.max(0, tonumber(redis.call('HGET', KEYS[1], 'i') or '0') - ${settles})
redis.call('HSET', KEYS[1], 'i', inFlight)
`;

/** KEYS[1] */
const GIVE_BACK_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
${SETTLE('1')}
if redis.call('HGET', KEYS[1], 'x') == '0' then redis.call('HINCRBY', KEYS[1], 'a', 1) end
return 0
`;

/** KEYS[1] · ARGV[1] initial allowance. → failures after this one. */
const ADD_FAILURE_LUA = `${CREATE}
${SETTLE('1')}
return redis.call('HINCRBY', KEYS[1], 'f', 1)
`;

/** KEYS[1] · ARGV: failures, field ('l' or 'x'), value, allowance. Locks unless a clear came in between. */
const LOCK_LUA = `
if tonumber(redis.call('HGET', KEYS[1], 'f')) >= tonumber(ARGV[1]) then
  local inFlight = tonumber(redis.call('HGET', KEYS[1], 'i') or '0')
  redis.call('HSET', KEYS[1], ARGV[2], ARGV[3], 'a', math.max(0, tonumber(ARGV[4]) - inFlight))
end
return 0
`;

/** KEYS[1] · ARGV[1] allowance · ARGV[2] units settled. Only an existing budget is reset, as in SQL. */
const RESET_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local inFlight = math.max(0, tonumber(redis.call('HGET', KEYS[1], 'i') or '0') - tonumber(ARGV[2]))
redis.call('HSET', KEYS[1], 'f', 0, 'a', math.max(0, tonumber(ARGV[1]) - inFlight), 'l', 0, 'x', 0, 'i', inFlight)
return 0
`;

export function createRedisBudgetStore(redis: Redis): BudgetStore {
  const take = defineScript(redis, 'tesseraBudgetTake', 1, TAKE_LUA);
  const refill = defineScript(redis, 'tesseraBudgetRefill', 1, REFILL_LUA);
  const giveBack = defineScript(redis, 'tesseraBudgetGiveBack', 1, GIVE_BACK_LUA);
  const addFailure = defineScript(redis, 'tesseraBudgetAddFailure', 1, ADD_FAILURE_LUA);
  const lock = defineScript(redis, 'tesseraBudgetLock', 1, LOCK_LUA);
  const reset = defineScript(redis, 'tesseraBudgetReset', 1, RESET_LUA);
  const keyOf = (userId: string) => [`budget:${userId}`];

  return {
    async take(userId, now, initialAllowance) {
      const answer = ((await take(keyOf(userId), [initialAllowance, now])) as (number | string)[]).map(Number);
      if (answer[0] === 1) return { taken: true };
      const [, failures, allowance, lockedUntil, adminLock, reservedAt, inFlight] = answer as number[];
      return {
        taken: false,
        row: { failures: failures!, allowance: allowance!, lockedUntil: lockedUntil!, adminLock: adminLock === 1, reservedAt: reservedAt!, inFlight: inFlight! },
      };
    },
    async refill(userId, seen, allowance, now) {
      return Number(await refill(keyOf(userId), [seen.failures, seen.reservedAt, allowance, now])) === 1;
    },
    async giveBack(userId) {
      await giveBack(keyOf(userId), []);
    },
    async addFailure(userId, initialAllowance) {
      return Number(await addFailure(keyOf(userId), [initialAllowance]));
    },
    async lock(userId, failures, until, allowance) {
      const [field, value] = until === 'until-admin-unlock' ? ['x', 1] : ['l', until.until];
      await lock(keyOf(userId), [failures, field, value, allowance]);
    },
    async reset(userId, allowance, settles) {
      await reset(keyOf(userId), [allowance, settles]);
    },
    async read(userId) {
      const budget = await redis.hgetall(keyOf(userId)[0]!);
      if (budget.f === undefined) return undefined;
      return {
        failures: Number(budget.f),
        allowance: Number(budget.a),
        lockedUntil: Number(budget.l),
        adminLock: budget.x === '1',
        reservedAt: Number(budget.r),
        inFlight: Number(budget.i ?? 0),
      };
    },
  };
}
