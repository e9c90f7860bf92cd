import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

/**
 * The operator contract, driven through the real `tessera` binary (built by `npm ci`): `serve` on a fresh
 * data dir creates keys and a default app; `apps create` and `users create` work while it runs.
 */
const BIN = new URL('../../bin/tessera.js', import.meta.url).pathname;
const run = promisify(execFile);

let dataDir: string;
let serveProcess: ChildProcess;
let serveOutput = '';
let baseUrl: string;

const env = () => ({ ...process.env, TESSERA_DATA_DIR: dataDir, TESSERA_PORT: '0', TESSERA_LOG_LEVEL: 'info' });
const tessera = async (...args: string[]) => JSON.parse((await run('node', [BIN, ...args], { env: env() })).stdout);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tessera-cli-'));
  serveProcess = spawn('node', [BIN, 'serve'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  serveProcess.stdout!.on('data', (chunk: Buffer) => (serveOutput += chunk.toString()));
  baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${serveOutput}`)), 20_000);
    serveProcess.stdout!.on('data', () => {
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(serveOutput);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
});

afterAll(async () => {
  serveProcess.kill('SIGTERM');
  await new Promise((resolve) => serveProcess.once('exit', resolve));
});

describe('tessera serve', () => {
  test('prints the default app credentials once on first start', () => {
    expect(serveOutput).toMatch(/appId:\s+[0-9a-f]{24}/);
    expect(serveOutput).toMatch(/appSecret:\s+\S{43}/);
  });

  test('creates the keyring with mode 0600 under the data dir', () => {
    expect(statSync(join(dataDir, 'keys.json')).mode & 0o777).toBe(0o600);
  });

  test('creates the SQLite database and its WAL readable by the owner only', () => {
    expect(statSync(join(dataDir, 'tessera.sqlite')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'tessera.sqlite-wal')).mode & 0o777).toBe(0o600);
  });

  test('answers /health with 200', async () => {
    expect((await fetch(`${baseUrl}/health`)).status).toBe(200);
  });

  test('exits cleanly on SIGTERM', async () => {
    const child = spawn('node', [BIN, 'serve'], { env: { ...env(), TESSERA_DATA_DIR: mkdtempSync(join(tmpdir(), 'tessera-cli-')) }, stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise<void>((resolve) => child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('Server listening') && resolve()));
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
  });
});

describe('tessera apps create / users create while the server runs', () => {
  test('a created app and user can sign in over HTTP', async () => {
    const app = await tessera('apps', 'create', '--name', 'CLI app', '--factors', 'OTP,EMAIL', '--json');
    expect(app).toMatchObject({ appId: expect.stringMatching(/^[0-9a-f]{24}$/), appSecret: expect.any(String), enabledFactors: ['OTP', 'EMAIL'] });
    const user = await tessera('users', 'create', '--email', 'cli@example.com', '--password', 'correct horse battery staple', '--json');
    expect(user).toMatchObject({ userId: expect.any(String), email: 'cli@example.com' });

    const response = await fetch(`${baseUrl}/api/v3/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-authing-app-id': app.appId },
      body: JSON.stringify({
        connection: 'PASSWORD',
        passwordPayload: { email: 'cli@example.com', password: 'correct horse battery staple' },
        client_id: app.appId,
        client_secret: app.appSecret,
      }),
    });
    expect(await response.json()).toMatchObject({ statusCode: 200, data: { access_token: expect.any(String) } });
  });

  test('apps create refuses an unknown factor type with a clear message', async () => {
    await expect(run('node', [BIN, 'apps', 'create', '--name', 'x', '--factors', 'OTP,PIGEON'], { env: env() })).rejects.toMatchObject({
      stderr: expect.stringContaining('unknown factor types: PIGEON'),
    });
  });
});
