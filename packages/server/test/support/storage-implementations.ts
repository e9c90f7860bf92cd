import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { FactorRecord, SessionRecord } from '../../src/domain/ports.js';
import { migrateToLatest } from '../../src/storage/migrator.js';
import { toFactorRow } from '../../src/storage/repositories/factor-repository.js';
import { openPostgres } from '../../src/storage/postgres.js';
import { openRedis } from '../../src/storage/redis/redis-client.js';
import type { Database } from '../../src/storage/schema.js';
import { openSqlite } from '../../src/storage/sqlite.js';
import { createSqlStore, type Store } from '../../src/storage/store.js';
import { isDialectSelected } from './test-dialects.js';
import { createThrowawayDatabase } from './throwaway-postgres.js';

/** The Redis the tests use; each test file works under its own key prefix. */
export const TEST_REDIS_URL = process.env.TESSERA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Every SQL dialect Tessera stores in. */
export const ALL_SQL_DIALECTS = ['sqlite', 'postgres'] as const;
export type SqlDialect = (typeof ALL_SQL_DIALECTS)[number];

/** The SQL dialects the storage conformance suites run on: those TESSERA_TEST_DIALECTS selects (unset: all). */
export const SQL_DIALECTS: readonly SqlDialect[] = ALL_SQL_DIALECTS.filter(isDialectSelected);

export interface SqlHarness {
  dialect: SqlDialect;
  db: Kysely<Database>;
  store: Store;
  close(): Promise<void>;
}

/** A migrated, empty store: SQLite in memory, or a throwaway PostgreSQL database dropped on close. */
export async function openSqlHarness(dialect: SqlDialect): Promise<SqlHarness> {
  if (dialect === 'sqlite') {
    const db = openSqlite(':memory:');
    await migrateToLatest(db);
    const store = createSqlStore(db);
    return { dialect, db, store, close: () => store.close() };
  }
  const database = await createThrowawayDatabase();
  const db = openPostgres({ url: database.url, poolSize: 20 });
  await migrateToLatest(db);
  const store = createSqlStore(db);
  return {
    dialect,
    db,
    store,
    close: async () => {
      await store.close();
      await database.drop();
    },
  };
}

export interface RedisHarness {
  redis: Redis;
  close(): Promise<void>;
}

/** A Redis client under a fresh key prefix; its keys are deleted on close. */
export async function openRedisHarness(): Promise<RedisHarness> {
  const keyPrefix = `tessera-test:${randomBytes(6).toString('hex')}:`;
  const redis = await openRedis({ url: TEST_REDIS_URL, keyPrefix });
  return {
    redis,
    close: async () => {
      const keys = await redis.keys('*');
      // KEYS answers full names; DEL would prefix them again.
      if (keys.length > 0) await redis.del(...keys.map((key) => key.slice(keyPrefix.length)));
      await redis.quit();
    },
  };
}

/** A user row (factors and enrollments reference one). */
export async function insertUser(store: Store, userId = newId()): Promise<string> {
  const now = Date.now();
  await store.users.insert({
    id: userId,
    email: `${userId}@example.com`,
    username: null,
    phone: null,
    phoneCountryCode: null,
    passwordHash: 'not-a-real-hash',
    profile: {},
    loginsCount: 0,
    lastLoginAt: null,
    createdAt: now,
    updatedAt: now,
  }, { emailKey: `${userId}@example.com`.toLowerCase(), usernameKey: null, phoneKey: null });
  return userId;
}

/** A bound factor, written the way a completed enrollment writes it. */
export async function insertFactor(db: Kysely<Database>, factor: FactorRecord): Promise<FactorRecord> {
  await db.insertInto('factors').values(toFactorRow(factor)).execute();
  return factor;
}

export function otpFactor(userId: string, overrides: Partial<FactorRecord> = {}): FactorRecord {
  return {
    id: newId(),
    userId,
    type: 'OTP',
    profile: {},
    secretSealed: 'v1.sealed',
    lastTotpStep: null,
    recoveryCodeHash: 'recovery-hash',
    createdAt: Date.UTC(2026, 10, 27),
    ...overrides,
  };
}

/**
 * Inserts a session opened at `now`: a live password session (aal1) of a new user, for a day, unless
 * `overrides` say otherwise.
 */
export async function insertSession(store: Store, now: number, overrides: Partial<SessionRecord> = {}): Promise<SessionRecord> {
  const session: SessionRecord = {
    id: newId(),
    userId: overrides.userId ?? (await insertUser(store)),
    appId: 'app-1',
    amr: ['pwd'],
    aal: 'aal1',
    aal2At: null,
    secondFactorAt: null,
    createdAt: now,
    expiresAt: now + 24 * 3_600_000,
    lastUsedAt: now,
    revokedAt: null,
    ...overrides,
  };
  await store.sessions.insert(session);
  return session;
}

export function newId(): string {
  return randomBytes(12).toString('hex');
}
