/**
 * The migration round trip, measured (docs/migration.md): writes an N-user `tessera import users` file
 * (default 100,000; bcrypt cost 10 and Argon2 hashes, a TOTP secret each), imports it into a fresh
 * database with the CLI's own code, then checks that EVERY imported TOTP secret verifies a code (the real
 * OTP method: unseal, compare) and that a sample of users sign in with their imported password and get
 * their hash rehashed to Tessera's argon2id.
 *
 *   node --import tsx bench/import.ts [--users 100000] [--sign-ins 600] [--concurrency 16]
 *   TESSERA_DATABASE_URL=postgres://… node --import tsx bench/import.ts   (PostgreSQL instead of SQLite)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { importUsersFile } from '../packages/server/src/cli/import.js';
import { loadConfig } from '../packages/server/src/config.js';
import { generateKeyring } from '../packages/server/src/crypto/keyring.js';
import { generateTotp } from '../packages/server/src/domain/factors/otp/totp.js';
import { openRuntime } from '../packages/server/src/runtime.js';
import { writeImportFile } from '../packages/server/test/support/import-file.js';

const { values } = parseArgs({
  options: { users: { type: 'string', default: '100000' }, 'sign-ins': { type: 'string', default: '600' }, concurrency: { type: 'string', default: '16' } },
});
const USERS = Number(values.users);
const SIGN_INS = Number(values['sign-ins']);
const CONCURRENCY = Number(values.concurrency);
const CONTEXT = { appId: null, ip: '203.0.113.9', userAgent: 'bench-import' };

const log = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-import-'));
try {
  log(`machine: ${cpus().length} × ${cpus()[0]?.model}, load before ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  let started = process.hrtime.bigint();
  const file = join(dir, 'users.jsonl');
  const users = await writeImportFile(file, USERS, { bcryptCost: 10 });
  log(`file: ${USERS} users written in ${seconds(started).toFixed(1)} s`);

  const config = loadConfig({
    dataDir: dir,
    keysJson: JSON.stringify(await generateKeyring()),
    logLevel: 'silent',
    ...(process.env.TESSERA_DATABASE_URL ? { databaseUrl: process.env.TESSERA_DATABASE_URL } : {}),
  });
  const runtime = await openRuntime(config, { logger: pino({ level: 'silent' }) });
  const { services, store } = runtime;
  try {
    // 1. The import, as `tessera import users` runs it.
    const cpuBefore = process.cpuUsage();
    started = process.hrtime.bigint();
    const summary = await importUsersFile(services, file, { concurrency: CONCURRENCY });
    const importSeconds = seconds(started);
    const cpu = process.cpuUsage(cpuBefore);
    log(
      `import (concurrency ${CONCURRENCY}): ${summary.created} created, ${summary.refused} refused in ${importSeconds.toFixed(1)} s = ${Math.round(USERS / importSeconds)} users/s; ` +
        `process CPU ${((cpu.user + cpu.system) / 1e6 / importSeconds).toFixed(2)} cores, rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB, load after ${loadavg()[0]!.toFixed(2)}`,
    );
    if (summary.created !== USERS) throw new Error(`expected ${USERS} users created: ${JSON.stringify(summary.refusals)}`);

    // 2. Re-running the file is a no-op (resumable).
    started = process.hrtime.bigint();
    const again = await importUsersFile(services, file);
    log(`re-run: ${again.skipped} skipped in ${seconds(started).toFixed(1)} s`);
    if (again.skipped !== USERS) throw new Error('a re-run wrote something');

    // 3. Every imported TOTP secret verifies a code, through the OTP method (unseal + RFC 6238 compare).
    started = process.hrtime.bigint();
    const otp = services.registry.method('OTP');
    const now = Date.now();
    let verified = 0;
    for (const user of users) {
      const found = await store.users.findByExternalId(user.externalId);
      const factor = found && (await store.factors.findByType(found.id, 'OTP'));
      const verdict = factor && (await otp.verify({ factor, answer: { code: generateTotp(user.secret, now) }, challenge: null, now }));
      if (verdict?.outcome === 'ok') verified++;
    }
    log(`totp: ${verified}/${USERS} imported secrets verify a code (${seconds(started).toFixed(1)} s)`);
    if (verified !== USERS) throw new Error('an imported TOTP secret did not verify');

    // 4. A sample signs in with the imported password (bcrypt cost 10, Argon2) and is rehashed.
    const { app } = await services.admin.createApp({ name: 'bench import', tokenEndpointAuthMethod: 'none', mfaPolicy: 'if-enrolled' });
    const sample = users.filter((user) => user.password).filter((_, index, all) => index % Math.max(1, Math.floor(all.length / SIGN_INS)) === 0).slice(0, SIGN_INS);
    started = process.hrtime.bigint();
    let rehashed = 0;
    for (const user of sample) {
      const outcome = await services.signIn(app, { connection: 'PASSWORD', passwordPayload: { email: user.email, password: user.password! } }, {}, CONTEXT);
      if (outcome.kind !== 'mfa-required') throw new Error(`expected an MFA challenge for ${user.email}, got ${outcome.kind}`);
      const after = await store.users.findByExternalId(user.externalId);
      if (after?.passwordHash.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')) rehashed++;
    }
    log(`sign-in: ${sample.length} sampled users (every hash kind) signed in, ${rehashed} rehashed to argon2id, ${(seconds(started) / sample.length * 1000).toFixed(0)} ms each`);
    if (rehashed !== sample.length) throw new Error('a signed-in user was not rehashed');
  } finally {
    await runtime.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
