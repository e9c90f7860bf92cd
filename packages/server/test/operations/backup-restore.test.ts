import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, expect, test } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { generateKeyring } from '../../src/crypto/keyring.js';
import { startServer } from '../../src/main.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { LogCapture } from '../support/log-capture.js';
import { ManualClock } from '../support/manual-clock.js';
import { challengeFor, verifyTotp } from '../support/mfa.js';
import { asTestServer, type TestServer } from '../support/test-server.js';

/**
 * `tessera backup` / `tessera restore` through the real binary: a copy taken while sign-ups keep writing
 * restores into an empty data dir, where the same users sign in with the same factors and a TOTP step used
 * before the backup is still refused. A keyring that could not open the copy gets no backup at all.
 */
const BIN = new URL('../../bin/tessera.js', import.meta.url).pathname;
const exec = promisify(execFile);
const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `tessera-${name}-`));

async function start(config: Config, clock: ManualClock, credentials?: { appId: string; appSecret: string }): Promise<TestServer> {
  const logs = new LogCapture();
  let created = credentials;
  const server = await startServer(config, { clock, logger: pino({ level: 'warn' }, logs.stream), onFirstApp: (app) => (created = app) });
  const wrapped = asTestServer(server, { config, clock, logs, credentials: created! });
  servers.push(wrapped);
  return wrapped;
}

function tessera(args: string[], env: Record<string, string>) {
  return exec(process.execPath, [BIN, ...args], { env: { ...process.env, TESSERA_LOG_LEVEL: 'silent', ...env } });
}

test('a backup taken under write load restores: same users and factors, replayed TOTP steps still refused', { timeout: 60_000 }, async () => {
  const dataDir = tempDir('live');
  const clock = new ManualClock();
  const live = await start(loadConfig({ host: '127.0.0.1', port: 0, dataDir, logLevel: 'silent', argon2MaxQueued: 1000, maxSignUpsPerIpPerHour: 100_000 }), clock);
  const alice = await signUpAndSignIn(live);
  const otp = await enrollOtp(live, alice.token);
  clock.advanceSeconds(30);
  const usedCode = otp.codeAt(clock.now());
  expect((await verifyTotp(live, await challengeFor(live, alice.email, alice.password), usedCode)).body.code).toBe(200);

  // Write load: sign-ups keep committing while the backup copies.
  const committedBeforeBackup: string[] = [];
  let committedDuringBackup = 0;
  let backupStarted = false;
  let loading = true;
  const writer = async () => {
    while (loading) {
      const user = await signUpAndSignIn(live);
      if (backupStarted) committedDuringBackup += 1;
      else committedBeforeBackup.push(user.email);
    }
  };
  const writers = [writer(), writer()];
  while (committedBeforeBackup.length < 4) await new Promise((resolve) => setTimeout(resolve, 10));

  const file = join(tempDir('backups'), 'tessera.backup');
  backupStarted = true;
  const { stdout } = await tessera(['backup', file], { TESSERA_DATA_DIR: dataDir });
  loading = false;
  await Promise.all(writers);
  expect(committedDuringBackup, 'sign-ups kept committing while the backup ran').toBeGreaterThan(0);
  expect(stdout).toContain(`keep the keys file ${join(dataDir, 'keys.json')}`);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(existsSync(`${file}.keys.json`)).toBe(false);

  const restoredDir = join(tempDir('restored'), 'data');
  const restoreWithoutKeys = await tessera(['restore', file, '--data-dir', restoredDir], {});
  expect(restoreWithoutKeys.stdout).toContain(`put the deployment's keys file at ${join(restoredDir, 'keys.json')}`);
  copyFileSync(join(dataDir, 'keys.json'), join(restoredDir, 'keys.json'));

  const restored = await start(loadConfig({ host: '127.0.0.1', port: 0, dataDir: restoredDir, logLevel: 'silent' }), clock, {
    appId: live.appId,
    appSecret: live.appSecret,
  });
  const emails = (await restored.server.runtime.store.db.selectFrom('users').select('email').execute()).map((row) => row.email);
  expect(emails).toEqual(expect.arrayContaining([alice.email, ...committedBeforeBackup]));
  expect((await verifyTotp(restored, await challengeFor(restored, alice.email, alice.password), usedCode)).body.code).not.toBe(200);
  clock.advanceSeconds(30);
  const fresh = await verifyTotp(restored, await challengeFor(restored, alice.email, alice.password), otp.codeAt(clock.now()));
  expect(fresh.body.code).toBe(200);
});

test('restore refuses a data dir that is not empty', async () => {
  const dataDir = tempDir('occupied');
  copyFileSync(BIN, join(dataDir, 'something'));
  await expect(tessera(['restore', BIN, '--data-dir', dataDir], {})).rejects.toMatchObject({ stderr: expect.stringContaining('is not empty') });
});

test('backup refuses to write a copy the current keyring could not open, and --include-keys warns', async () => {
  const dataDir = tempDir('keys');
  const live = await start(loadConfig({ host: '127.0.0.1', port: 0, dataDir, logLevel: 'silent' }), new ManualClock());
  await enrollOtp(live, (await signUpAndSignIn(live)).token);
  const backups = tempDir('backups');

  const wrongKeyring = JSON.stringify(await generateKeyring());
  await expect(tessera(['backup', join(backups, 'wrong')], { TESSERA_DATA_DIR: dataDir, TESSERA_KEYS: wrongKeyring })).rejects.toMatchObject({
    stderr: expect.stringContaining('cannot open'),
  });
  expect(existsSync(join(backups, 'wrong'))).toBe(false);

  const { stderr } = await tessera(['backup', join(backups, 'with-keys'), '--include-keys'], { TESSERA_DATA_DIR: dataDir });
  expect(stderr).toContain('WARNING');
  expect(statSync(join(backups, 'with-keys.keys.json')).mode & 0o777).toBe(0o600);
  const restored = await tessera(['restore', join(backups, 'with-keys'), '--data-dir', join(backups, 'restored')], {});
  expect(restored.stdout).toContain('opens it');
});

test('on PostgreSQL, backup prints the pg_dump command without the password, and restore points to pg_restore', async () => {
  const env = { TESSERA_DATABASE_URL: 'postgres://tessera:s3cret@db.example/tessera' };
  const { stdout } = await tessera(['backup', '/tmp/tessera.dump'], env);
  expect(stdout).toContain(`pg_dump --format=custom --file='/tmp/tessera.dump' "$TESSERA_DATABASE_URL"`);
  expect(stdout).not.toContain('s3cret');
  await expect(tessera(['restore', '/tmp/tessera.dump', '--data-dir', tempDir('pg-restore')], env)).rejects.toMatchObject({
    stderr: expect.stringContaining('pg_restore'),
  });
});
