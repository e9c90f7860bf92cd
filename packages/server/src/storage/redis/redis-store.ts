import type { Redis } from 'ioredis';
import type { Store } from '../store.js';
import { pingRedis } from './redis-client.js';
import { createRedisBudgetStore } from './failure-budget.js';
import { createRedisRateCounter } from './rate-counter.js';
import { createRedisSendThrottle } from './send-throttle.js';

/**
 * The store with its counters, throttles and single-use records moved to Redis (one file per port in this
 * folder); everything else stays in the database. Health and close cover both.
 */
export function withRedis(store: Store, redis: Redis): Store {
  return {
    ...store,
    throttle: createRedisSendThrottle(redis),
    rateCounter: createRedisRateCounter(redis),
    budget: createRedisBudgetStore(redis),
    async ping() {
      const [database, cache] = await Promise.all([store.ping(), pingRedis(redis)]);
      return database && cache;
    },
    async close() {
      await Promise.allSettled([store.close(), redis.quit().catch(() => redis.disconnect())]);
    },
  };
}
