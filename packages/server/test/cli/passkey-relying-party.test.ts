import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { useTestServer } from '../support/use-test-server.js';

/** `tessera apps update --webauthn-*`: an app's passkey relying party, through the real binary. */
const BIN = new URL('../../bin/tessera.js', import.meta.url).pathname;
const run = promisify(execFile);

const { server } = useTestServer();

const tessera = (...args: string[]) =>
  run('node', [BIN, ...args, '--json'], { env: { ...process.env, TESSERA_DATA_DIR: server.dataDir, TESSERA_LOG_LEVEL: 'silent' } });

test('apps update enables PASSKEY and sets the RP id and origins; an http origin off localhost is refused', async () => {
  const { stdout } = await tessera(
    'apps', 'update', '--app-id', server.appId, '--factors', 'OTP,PASSKEY',
    '--webauthn-rp-id', 'example.com', '--webauthn-origins', 'https://login.example.com,https://example.com',
  );
  expect(JSON.parse(stdout)).toMatchObject({
    enabledFactors: ['OTP', 'PASSKEY'],
    webauthn: { id: 'example.com', origins: ['https://login.example.com', 'https://example.com'], attestation: 'none' },
  });
  const refused = await tessera('apps', 'update', '--app-id', server.appId, '--webauthn-origins', 'http://example.com').catch((error: { stderr: string }) => error);
  expect(refused.stderr).toContain('must be https (http only on localhost)');
});
