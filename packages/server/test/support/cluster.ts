import { mkdtempSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { loadConfig, type Config } from '../../src/config.js';
import { generateKeyring } from '../../src/crypto/keyring.js';
import { startServer } from '../../src/main.js';
import { LogCapture } from './log-capture.js';
import { ManualClock } from './manual-clock.js';
import { TEST_REDIS_URL } from './storage-implementations.js';
import { asTestServer, type TestServer } from './test-server.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from './throwaway-postgres.js';

export interface Cluster {
  instances: TestServer[];
  database: ThrowawayDatabase;
  clock: ManualClock;
  /** The Redis key prefix the instances share. */
  redisKeyPrefix: string;
  close(): Promise<void>;
}

/**
 * N Tessera instances as a scaled-out deployment runs them: one PostgreSQL database, one Redis, one
 * keyring (so a token from one is valid on the others) and one clock. Each has its own data dir (outbox).
 */
export async function startCluster(
  options: {
    instances?: number;
    config?: Partial<Config>;
    /** Settings of one instance on top of `config` (e.g. its own port). */
    configOf?: (index: number) => Partial<Config> | Promise<Partial<Config>>;
    /** Another Redis than the shared test one; null for none (counters stay in PostgreSQL). */
    redisUrl?: string | null;
    /** How the instances reach the database, e.g. through a proxy the test can cut. */
    mapDatabaseUrl?: (url: string) => string;
  } = {},
): Promise<Cluster> {
  const database = await createThrowawayDatabase();
  const clock = new ManualClock();
  const keysJson = JSON.stringify(await generateKeyring());
  const redisKeyPrefix = `tessera-test:${randomBytes(6).toString('hex')}:`;
  const redisUrl = options.redisUrl === null ? undefined : (options.redisUrl ?? TEST_REDIS_URL);
  const instances: TestServer[] = [];
  let credentials: { appId: string; appSecret: string } | undefined;
  try {
    for (let index = 0; index < (options.instances ?? 2); index += 1) {
      const dataDir = mkdtempSync(join(tmpdir(), `tessera-node${index}-`));
      const logs = new LogCapture();
      const config = loadConfig({
        host: '127.0.0.1',
        port: 0,
        dataDir,
        keysJson,
        databaseUrl: options.mapDatabaseUrl ? options.mapDatabaseUrl(database.url) : database.url,
        redisUrl,
        redisKeyPrefix,
        logLevel: 'info',
        ...options.config,
        ...(await options.configOf?.(index)),
      });
      const server = await startServer(config, {
        clock,
        logger: pino({ level: 'info' }, logs.stream),
        onFirstApp: (created) => {
          credentials = created;
        },
      });
      if (!credentials) throw new Error('the first instance did not create the default application');
      instances.push(asTestServer(server, { config, clock, logs, credentials }));
    }
  } catch (error) {
    await Promise.allSettled(instances.map((instance) => instance.close()));
    await database.drop();
    throw error;
  }
  return {
    instances,
    database,
    clock,
    redisKeyPrefix,
    close: async () => {
      await Promise.allSettled(instances.map((instance) => instance.close()));
      await database.drop();
      if (redisUrl === TEST_REDIS_URL) await deleteRedisKeys(redisUrl, redisKeyPrefix);
    },
  };
}

/** Removes what the instances left in the shared test Redis (failure budgets have no TTL). */
async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

