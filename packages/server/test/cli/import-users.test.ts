import { execFile } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateTotp } from '../../src/domain/factors/otp/totp.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { api } from '../support/api.js';
import { HASH_KINDS, writeImportFile, type ImportedUser } from '../support/import-file.js';
import { challengeFor, verifyTotp } from '../support/mfa.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * `tessera import users FILE.jsonl` through the real binary against a running server's data dir — the
 * small, fast version of the 100k round trip in bench/import.ts: users imported with bcrypt / Argon2
 * hashes and TOTP secrets sign in over HTTP, pass their second factor, and have their hash upgraded.
 */
const BIN = new URL('../../bin/tessera.js', import.meta.url).pathname;
const run = promisify(execFile);
const USERS = 200;

const { server } = useTestServer();
let dir: string;
let file: string;
let users: ImportedUser[];

const importUsers = async (path: string) => {
  const { stdout, stderr } = await run('node', [BIN, 'import', 'users', path, '--json'], {
    env: { ...process.env, TESSERA_DATA_DIR: server.dataDir, TESSERA_LOG_LEVEL: 'silent' },
  });
  return { summary: JSON.parse(stdout), stderr };
};
const passwordHashOf = async (email: string) =>
  (await server.server.runtime.store.users.findByLogin({ emailKey: email.toLowerCase() }))?.passwordHash;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-import-'));
  file = join(dir, 'users.jsonl');
  users = await writeImportFile(file, USERS);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tessera import users', () => {
  test('an interrupted import resumes: the first half done before is skipped, the rest created', async () => {
    const half = join(dir, 'half.jsonl');
    writeFileSync(half, readFileSync(file, 'utf8').split('\n').slice(0, USERS / 2).join('\n'));
    expect((await importUsers(half)).summary).toMatchObject({ created: USERS / 2, skipped: 0, refused: 0 });

    const { summary, stderr } = await importUsers(file);
    expect(summary).toMatchObject({ created: USERS / 2, skipped: USERS / 2, refused: 0 });
    expect(stderr).toMatch(/import: 100% \(200 users\)/);
    expect(stderr).toMatch(/200 users read .*100 created, 0 got their OTP, 100 already imported, 0 refused/);
  });

  test.each(HASH_KINDS.filter((kind) => kind !== 'none'))(
    'a %s user signs in with the imported password and TOTP secret; the hash becomes Tessera argon2id',
    async (kind) => {
      const user = users.find((u) => u.hashKind === kind)!;
      expect(await passwordHashOf(user.email)).not.toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      const mfaToken = await challengeFor(server, user.email, user.password!);
      expect((await verifyTotp(server, mfaToken, generateTotp(user.secret, server.clock.now()))).body.code).toBe(200);
      expect(await passwordHashOf(user.email)).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      // The upgraded hash still takes the same password.
      expect(await challengeFor(server, user.email, user.password!)).toEqual(expect.any(String));
    },
  );

  test('a user imported without a password cannot sign in with one', async () => {
    const user = users.find((u) => u.hashKind === 'none')!;
    const answer = await api(server, 'POST', '/api/v3/signin', {
      body: { connection: 'PASSWORD', passwordPayload: { email: user.email, password: '!' }, client_id: server.appId, client_secret: server.appSecret },
    });
    expect(answer.body).toMatchObject({ statusCode: 403, apiCode: 2333 });
  });

  test('bad lines are refused one by one and summed up by reason, with their line numbers', async () => {
    const taken = await signUpAndSignIn(server);
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify({ externalId: 'fine-1', email: 'fine-1@import.example.com', otp: { secret: 'JBSWY3DPEHPK3PXPJBSWY3DP' } })}\n`);
    const lines = [
      '{not json',
      JSON.stringify({ externalId: 'bad-secret', email: 'bad-secret@import.example.com', otp: { secret: 'JBSWY3DP1EHPK3PX' } }),
      JSON.stringify({ externalId: 'md5', email: 'md5@import.example.com', passwordHash: '$1$saltsalt$2vxvGcOzFhpXuqfqW7hyp0' }),
      JSON.stringify({ externalId: 'huge-bcrypt', email: 'huge@import.example.com', passwordHash: `$2b$20$${'a'.repeat(53)}` }),
      JSON.stringify({ passwordHash: '$2b$04$abcdefghijklmnopqrstuv' }),
      JSON.stringify({ externalId: 'squatter', email: taken.email }),
      JSON.stringify({ externalId: 'bad-email', email: 'not an email' }),
    ];
    appendFileSync(bad, `${lines.join('\n')}\n`);
    const { summary, stderr } = await importUsers(bad);
    expect(summary).toMatchObject({
      created: 1,
      refused: 7,
      refusals: {
        'invalid-record': [2],
        'invalid-secret': [3],
        'unsupported-password-hash': [4, 5],
        'no-identifier': [6],
        'identifier-taken': [7],
        'invalid-email': [8],
      },
    });
    expect(stderr).toContain('unsupported-password-hash: 2 (lines 4, 5)');
  });
});
