import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, describe, expect, test } from 'vitest';
import { generateKeyring, parseKeyring, type Keyring } from '../../src/crypto/keyring.js';
import { openPostgres } from '../../src/storage/postgres.js';
import type { Database } from '../../src/storage/schema.js';
import { openSqlite } from '../../src/storage/sqlite.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { spawnTesseraServe } from '../support/child-server.js';
import { enrollOtp } from '../support/factors.js';
import { challengeFor, verifyTotp } from '../support/mfa.js';
import { runServeUntilListeningOrExit } from '../support/refused-start.js';
import type { TestServer } from '../support/test-server.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/throwaway-postgres.js';
import { SERVER_DIALECT } from '../support/test-dialects.js';

/**
 * The failure: an instance starts with a keyring that is well-formed but not the database's own — another
 * environment's keys file, a TESSERA_KEYS secret from the wrong vault entry, a key edited by hand. Tessera
 * used to start anyway: /health answered 200 and every TOTP verify failed with a 500 (or, worse, could be
 * taken for a wrong code). Now the database holds a canary sealed at first start; an instance whose keyring
 * cannot open it — unknown key id, same id with other bytes, another code hash key — refuses to start with a
 * clear message, and a database from before the canary is checked against its sealed secrets (KEY-03).
 */
/** Each test starts several real servers, on 2 shared cores. */
const SPAWNING_TEST_TIMEOUT_MS = 120_000;

const databases: ThrowawayDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
});

/** A deployment whose first start bound an OTP factor; the child's clock is real, ours runs one step ahead. */
async function deploymentWithOtpUser(dialect: 'sqlite' | 'postgres') {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-wrong-key-'));
  const database = dialect === 'postgres' ? await createThrowawayDatabase() : undefined;
  if (database) databases.push(database);
  const env: Record<string, string> = { TESSERA_DATA_DIR: dataDir, ...(database ? { TESSERA_DATABASE_URL: database.url } : {}) };
  const child = await spawnTesseraServe(env);
  let offsetMs = 0;
  const clock = { now: () => Date.now() + offsetMs, advanceSeconds: (seconds: number) => (offsetMs += seconds * 1000) };
  const server = { url: child.url, ...child.firstApp!, clock } as unknown as TestServer;
  const user = await signUpAndSignIn(server);
  const otp = await enrollOtp(server, user.token);
  child.process.kill('SIGTERM');
  await child.exited;

  const keysFile = join(dataDir, 'keys.json');
  const rightKeyring = readFileSync(keysFile, 'utf8');
  const useKeyring = (keyring: Keyring | string) =>
    writeFileSync(keysFile, typeof keyring === 'string' ? keyring : JSON.stringify(keyring), { mode: 0o600 });
  const openDb = (): Kysely<Database> => (database ? openPostgres({ url: database.url, poolSize: 1 }) : openSqlite(join(dataDir, 'tessera.sqlite')));
  /** Starts with the right keyring and signs in with a TOTP: the data came through intact. */
  const expectTotpStillVerifies = async () => {
    useKeyring(rightKeyring);
    const again = await spawnTesseraServe(env);
    try {
      const restarted = { ...server, url: again.url } as TestServer;
      const answer = await verifyTotp(restarted, await challengeFor(restarted, user.email, user.password), otp.codeAt(clock.now()));
      expect(answer.body.code).toBe(200);
    } finally {
      again.process.kill('SIGTERM');
      await again.exited;
    }
  };
  return { env, rightKeyring: parseKeyring(rightKeyring), useKeyring, openDb, expectTotpStillVerifies };
}

function expectRefused(outcome: Awaited<ReturnType<typeof runServeUntilListeningOrExit>>, message: RegExp | string) {
  expect(outcome.listened).toBe(false);
  expect(outcome.exitCode).toBe(1);
  expect(outcome.stderr).toMatch(message);
}

describe.each([SERVER_DIALECT])('on %s', (dialect) => {
  test('a keyring that is not the database\'s own stops the start, whatever differs in it', async () => {
    const { env, rightKeyring, useKeyring, expectTotpStillVerifies } = await deploymentWithOtpUser(dialect);

    // Another deployment's keyring, through TESSERA_KEYS: the canary's key id is unknown to it.
    const other = await generateKeyring();
    expectRefused(
      await runServeUntilListeningOrExit({ ...env, TESSERA_KEYS: JSON.stringify(other) }),
      new RegExp(`cannot open the database's keyring canary: it was sealed with key ${rightKeyring.activeEncryptionKeyId}, which this keyring does not hold`),
    );

    // The same key id with other bytes (a key edited by hand, a botched merge), in the keys file.
    const id = rightKeyring.activeEncryptionKeyId;
    useKeyring({ ...rightKeyring, encryptionKeys: { [id]: randomBytes(32).toString('base64') } });
    expectRefused(await runServeUntilListeningOrExit(env), `key ${id} of this keyring is not the key that sealed it`);

    // The right encryption keys but another code hash key: stored code hashes would never match.
    useKeyring({ ...rightKeyring, codeHashKey: randomBytes(32).toString('base64') });
    expectRefused(await runServeUntilListeningOrExit(env), /its codeHashKey is not the one the database was created with/);

    await expectTotpStillVerifies();
  }, SPAWNING_TEST_TIMEOUT_MS);

  test('a database from before the canary is checked against its sealed secrets, then gets a canary', async () => {
    const { env, useKeyring, openDb, expectTotpStillVerifies } = await deploymentWithOtpUser(dialect);
    const db = openDb();
    await db.deleteFrom('keyring_canary').execute();

    useKeyring(await generateKeyring());
    expectRefused(await runServeUntilListeningOrExit(env), /cannot open a sealed secret in factors: it was sealed with key k-[0-9a-f]{8}, which this keyring does not hold/);
    expect(await db.selectFrom('keyring_canary').selectAll().execute()).toEqual([]);

    await expectTotpStillVerifies();
    expect(await db.selectFrom('keyring_canary').select('id').execute()).toEqual([{ id: 'keyring-canary' }]);
    await db.destroy();
  }, SPAWNING_TEST_TIMEOUT_MS);
});
