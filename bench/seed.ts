/**
 * Seeds N users, each with a bound OTP factor, for benchmarks: `node --import tsx bench/seed.ts --users N`
 * (same TESSERA_* settings as the server: TESSERA_DATA_DIR or TESSERA_DATABASE_URL, TESSERA_KEYS…).
 *
 * Benchmark data only: every seeded user shares one password and their TOTP secrets are derived from
 * their index, so the load generator can compute codes. Never seed a production database.
 *
 * Fast enough for a million users: one Argon2 hash reused for all, secrets sealed in-process (AES-GCM,
 * microseconds each), multi-row INSERTs in transactions of BATCH_USERS users.
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Insertable, Kysely } from 'kysely';
import { configFromEnv, loadConfig } from '../packages/server/src/config.js';
import { createArgon2Hasher } from '../packages/server/src/crypto/password-hasher.js';
import { createSecretBox } from '../packages/server/src/crypto/secret-box.js';
import type { SecretBox } from '../packages/server/src/domain/ports.js';
import { loadKeyring } from '../packages/server/src/runtime.js';
import { openStore } from '../packages/server/src/storage/open-store.js';
import type { Database, FactorsTable, UsersTable } from '../packages/server/src/storage/schema.js';

export const SEED_PASSWORD = 'bench-password-not-secret';
const BATCH_USERS = 5_000;
const ROWS_PER_INSERT = 1_000;
const CREATED_AT = Date.UTC(2026, 0, 1);

export interface SeededUser {
  id: string;
  email: string;
  factorId: string;
  secret: Buffer;
}

/** The i-th seeded user, recomputable by the load generator. */
export function seededUser(index: number): SeededUser {
  const derive = (label: string) => createHash('sha256').update(`tessera-bench:${label}:${index}`).digest();
  return {
    id: derive('user').toString('hex').slice(0, 24),
    email: `seed-${index}@bench.tessera.test`,
    factorId: derive('factor').toString('hex').slice(0, 24),
    secret: derive('secret').subarray(0, 20),
  };
}

/** Inserts users [from, to) with their OTP factors; reports progress after each transaction. */
export async function seedUsers(input: {
  db: Kysely<Database>;
  secretBox: SecretBox;
  passwordHash: string;
  from: number;
  to: number;
  onProgress?: (done: number) => void;
}): Promise<void> {
  const { db, secretBox, passwordHash } = input;
  for (let start = input.from; start < input.to; start += BATCH_USERS) {
    const end = Math.min(start + BATCH_USERS, input.to);
    const users: Insertable<UsersTable>[] = [];
    const factors: Insertable<FactorsTable>[] = [];
    for (let index = start; index < end; index += 1) {
      const user = seededUser(index);
      users.push({
        id: user.id,
        email: user.email,
        username: null,
        phone: null,
        phone_country_code: null,
        // The unique sign-in key (migration 2026-11-28T00-00-identifier-keys); seeded emails are lower-case.
        email_key: user.email,
        username_key: null,
        phone_key: null,
        password_hash: passwordHash,
        profile: '{}',
        last_login_at: null,
        created_at: CREATED_AT,
        updated_at: CREATED_AT,
      });
      factors.push({
        id: user.factorId,
        user_id: user.id,
        type: 'OTP',
        profile: '{}',
        secret_sealed: secretBox.seal(user.secret, user.factorId),
        last_totp_step: null,
        recovery_code_hash: null,
        created_at: CREATED_AT,
      });
    }
    await db.transaction().execute(async (trx) => {
      for (let offset = 0; offset < users.length; offset += ROWS_PER_INSERT) {
        await trx.insertInto('users').values(users.slice(offset, offset + ROWS_PER_INSERT)).execute();
      }
      for (let offset = 0; offset < factors.length; offset += ROWS_PER_INSERT) {
        await trx.insertInto('factors').values(factors.slice(offset, offset + ROWS_PER_INSERT)).execute();
      }
    });
    input.onProgress?.(end - input.from);
  }
}

/** A one-line progress bar on stderr. */
export function progressBar(total: number, label: string) {
  const started = Date.now();
  return (done: number) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
    process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} (${rate}/s)`);
    if (done >= total) process.stderr.write('\n');
  };
}

/** Seeds users [0, count) of the deployment the environment names, skipping those already there. */
export async function seedDeployment(env: Readonly<Record<string, string | undefined>>, count: number): Promise<void> {
  const config = loadConfig({ ...configFromEnv(env), logLevel: 'silent' });
  const store = await openStore(config);
  try {
    const keyring = await loadKeyring(config, store);
    const secretBox = createSecretBox(keyring.encryptionKeys, keyring.activeEncryptionKeyId);
    const existing = await countSeeded(store.db);
    if (existing >= count) return;
    const passwordHash = await createArgon2Hasher().hash(SEED_PASSWORD);
    const report = progressBar(count - existing, `seeding users ${existing}..${count}`);
    await seedUsers({ db: store.db, secretBox, passwordHash, from: existing, to: count, onProgress: report });
  } finally {
    await store.close();
  }
}

/** Seeded users are numbered from 0 and inserted in order, so the count of them is the next index. */
async function countSeeded(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('email', 'like', 'seed-%@bench.tessera.test')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const at = process.argv.indexOf('--users');
  const count = at > 0 ? Number(process.argv[at + 1]) : NaN;
  if (!Number.isInteger(count) || count < 1) {
    process.stderr.write('usage: node --import tsx bench/seed.ts --users N\n');
    process.exit(2);
  }
  await seedDeployment(process.env, count);
}
