import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { createAccessKey, sdkHeaders, signedCall, type AccessKey } from '../support/management.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * The management API's credentials through the real `tessera` binary: `access-keys create` shows the
 * secret once and seals it with the keyring (KEY-01: the row never holds it in clear); `list` never shows
 * it; `disable` stops it at once; `delete` removes it; `pool show` names the pool. `users factors` and
 * `users sessions` reach the same functions as /api/v3/tessera/*.
 */
const BIN = new URL('../../bin/tessera.js', import.meta.url).pathname;
const run = promisify(execFile);
const { server } = useTestServer({}, async (started) => {
  started.clock.set(Date.now());
  return {};
});
const tessera = async (...args: string[]) =>
  JSON.parse((await run('node', [BIN, ...args, '--json'], { env: { ...process.env, TESSERA_DATA_DIR: server.dataDir, TESSERA_LOG_LEVEL: 'silent' } })).stdout);
const path = '/api/v3/get-global-mfa-settings';

describe('tessera access-keys and pool', () => {
  test('create shows the secret once, sealed at rest (KEY-01); list hides it; disable stops it; delete removes it', async () => {
    const key = (await tessera('access-keys', 'create', '--name', 'ci')) as AccessKey;
    expect(key).toEqual({ accessKeyId: expect.any(String), accessKeySecret: expect.any(String) });
    expect(await signedCall(server, key, { method: 'GET', path })).toMatchObject({ statusCode: 200 });

    const rows = await sql<{ secret_sealed: string }>`select secret_sealed from access_keys where id = ${key.accessKeyId}`.execute(server.server.runtime.store.db);
    expect(rows.rows[0]!.secret_sealed).not.toContain(key.accessKeySecret);
    const listed = await tessera('access-keys', 'list');
    expect(listed).toContainEqual(expect.objectContaining({ accessKeyId: key.accessKeyId, name: 'ci', status: 'active' }));
    expect(JSON.stringify(listed)).not.toContain(key.accessKeySecret);

    expect(await tessera('access-keys', 'disable', key.accessKeyId)).toMatchObject({ status: 'disabled' });
    expect(await signedCall(server, key, { method: 'GET', path })).toMatchObject({ statusCode: 401, apiCode: 46111 });
    expect(await tessera('access-keys', 'delete', key.accessKeyId)).toMatchObject({ deleted: true });
    // audit list pages through the same query as /api/v3/tessera/list-audit-events: the key's whole life.
    const events = (await tessera('audit', 'list', '--type', 'access-key.delete', '--from', new Date(0).toISOString())) as { detail: { accessKeyId: string } }[];
    expect(events.map((event) => event.detail.accessKeyId)).toContain(key.accessKeyId);
  });

  test('pool show names the pool id that x-authing-userpool-id must carry', async () => {
    const pool = await tessera('pool', 'show');
    expect(pool).toMatchObject({ userPoolId: expect.stringMatching(/^[0-9a-f]{24}$/), enabledFactors: expect.arrayContaining(['OTP']) });
    const key = await createAccessKey(server);
    const headers = sdkHeaders({ 'x-authing-userpool-id': pool.userPoolId });
    expect(await signedCall(server, key, { method: 'GET', path, headers })).toMatchObject({ statusCode: 200 });
  });

  test('users factors list and reset, users sessions list', async () => {
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    expect(await tessera('users', 'factors', 'list', '--user-id', user.userId)).toMatchObject([{ factorType: 'OTP' }]);
    expect(await tessera('users', 'sessions', 'list', '--user-id', user.userId)).toHaveLength(1);
    expect(await tessera('users', 'factors', 'reset', '--user-id', user.userId)).toMatchObject({ removedFactorIds: [expect.any(String)], revokedSessions: 1 });
  });
});
