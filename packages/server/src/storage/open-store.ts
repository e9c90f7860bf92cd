import type { Logger } from 'pino';
import { paths, type Config } from '../config.js';
import { assertSchemaKnown, migrateToLatest } from './migrator.js';
import { openSqlite } from './sqlite.js';
import { createSqlStore, type Store } from './store.js';

/**
 * The deployment's store: PostgreSQL when TESSERA_DATABASE_URL is set, else SQLite in the data dir; the
 * schema checked (never run on a newer one) and migrated; Redis in front for counters when configured.
 * The PostgreSQL and Redis clients are loaded only when configured (a one-box SQLite deployment never
 * holds their code: issue 14, memory).
 */
export async function openStore(config: Config, logger?: Logger): Promise<Store> {
  const db = config.databaseUrl
    ? (await import('./postgres.js')).openPostgres({
        url: config.databaseUrl,
        poolSize: config.databasePoolSize,
        onConnectionError: (error) => logger?.warn({ err: error }, 'PostgreSQL connection lost'),
      })
    : openSqlite(paths.sqliteFile(config));
  try {
    await assertSchemaKnown(db);
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const store = createSqlStore(db);
  if (!config.redisUrl) return store;
  try {
    const { openRedis } = await import('./redis/redis-client.js');
    const { withRedis } = await import('./redis/redis-store.js');
    const redis = await openRedis({
      url: config.redisUrl,
      keyPrefix: config.redisKeyPrefix,
      onConnectionError: (error) => logger?.warn({ err: error }, 'Redis connection error'),
    });
    return withRedis(store, redis);
  } catch (error) {
    await store.close();
    throw error;
  }
}
