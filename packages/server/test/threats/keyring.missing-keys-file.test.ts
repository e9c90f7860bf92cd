import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { generateKeyring } from '../../src/crypto/keyring.js';
import { runServeUntilListeningOrExit } from '../support/refused-start.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/throwaway-postgres.js';
import { SERVER_DIALECT } from '../support/test-dialects.js';

/**
 * The failure: the keys file is lost — a volume not mounted, a restore that brought back the database but
 * not /etc/tessera, an operator who deleted `data/keys.json`. Tessera used to generate a fresh keyring on
 * the spot and start: /health said 200 while every sealed TOTP secret had become unreadable for good, and
 * the new keys file now hid the loss. An instance must instead refuse to start, saying why, whenever the
 * database already holds data; it may generate a keyring only next to an empty database (KEY-03). And only
 * the server generates one: a `tessera migrate` run by a release job without the keys mounted must not
 * bind a fresh database to a keyring that nobody keeps.
 */
const BIN = new URL('../../bin/tessera.js', import.meta.url).pathname;
const exec = promisify(execFile);
/** Each test starts several real servers, on 2 shared cores. */
const SPAWNING_TEST_TIMEOUT_MS = 120_000;

const databases: ThrowawayDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
});

async function deployment(dialect: 'sqlite' | 'postgres') {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-keys-missing-'));
  const database = dialect === 'postgres' ? await createThrowawayDatabase() : undefined;
  if (database) databases.push(database);
  return { dataDir, env: { TESSERA_DATA_DIR: dataDir, ...(database ? { TESSERA_DATABASE_URL: database.url } : {}) } };
}

describe.each([SERVER_DIALECT])('on %s', (dialect) => {
  test('a missing keys file next to a database in use stops the start, and no keyring is generated', async () => {
    const { dataDir, env } = await deployment(dialect);
    const keysFile = join(dataDir, 'keys.json');
    // First start, empty database: the keyring is generated, as `npm start` needs.
    const first = await runServeUntilListeningOrExit(env);
    expect(first.listened).toBe(true);
    expect(existsSync(keysFile)).toBe(true);

    rmSync(keysFile);
    const second = await runServeUntilListeningOrExit(env);
    expect(second.listened).toBe(false);
    expect(second.exitCode).not.toBe(0);
    expect(second.stderr).toContain(`the keys file ${keysFile} is missing, but the database already holds data`);
    expect(existsSync(keysFile)).toBe(false);
  }, SPAWNING_TEST_TIMEOUT_MS);


  test('a one-off command without the keys mounted neither creates a keyring nor binds the database to one', async () => {
    const { dataDir, env } = await deployment(dialect);
    const migrate = exec(process.execPath, [BIN, 'migrate'], { env: { ...process.env, ...env, TESSERA_LOG_LEVEL: 'silent' } });
    await expect(migrate).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('only `tessera serve` creates one') });
    expect(existsSync(join(dataDir, 'keys.json'))).toBe(false);

    // The deployment's real keyring, mounted later, is still the one the database gets bound to.
    const mounted = join(mkdtempSync(join(tmpdir(), 'tessera-keys-volume-')), 'keys.json');
    writeFileSync(mounted, JSON.stringify(await generateKeyring()), { mode: 0o600 });
    expect((await runServeUntilListeningOrExit({ ...env, TESSERA_KEYS_FILE: mounted })).listened).toBe(true);
  }, SPAWNING_TEST_TIMEOUT_MS);
});

describe('on sqlite', () => {
  test('a keys file named by TESSERA_KEYS_FILE that is not there (an unmounted volume) stops the start too', async () => {
    const { dataDir, env } = await deployment('sqlite');
    const mounted = join(mkdtempSync(join(tmpdir(), 'tessera-keys-volume-')), 'keys.json');
    expect((await runServeUntilListeningOrExit({ ...env, TESSERA_KEYS_FILE: mounted })).listened).toBe(true);

    const unmounted = join(dataDir, 'not-mounted', 'keys.json');
    const outcome = await runServeUntilListeningOrExit({ ...env, TESSERA_KEYS_FILE: unmounted });
    expect(outcome).toMatchObject({ listened: false, exitCode: 1 });
    expect(outcome.stderr).toMatch(/^tessera: the keys file .* is missing/m);
    expect(existsSync(unmounted)).toBe(false);
  }, SPAWNING_TEST_TIMEOUT_MS);
});
