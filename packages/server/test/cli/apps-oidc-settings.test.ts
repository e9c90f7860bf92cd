import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { useTestServer } from '../support/use-test-server.js';

/** `tessera apps create/update` with the OIDC client flags, through the real binary. */
const BIN = new URL('../../bin/tessera.js', import.meta.url).pathname;
const run = promisify(execFile);

const { server } = useTestServer();

const tessera = async (...args: string[]) =>
  JSON.parse((await run('node', [BIN, ...args, '--json'], { env: { ...process.env, TESSERA_DATA_DIR: server.dataDir, TESSERA_LOG_LEVEL: 'silent' } })).stdout);

describe('tessera apps: OIDC client settings', () => {
  test('create with redirect URIs, post-logout URIs, auth method and lifetimes; update replaces them', async () => {
    const created = await tessera(
      'apps', 'create', '--name', 'Web',
      '--redirect-uris', 'https://app.example/cb,https://app.example/cb2',
      '--post-logout-redirect-uris', 'https://app.example/bye',
      '--token-endpoint-auth-method', 'client_secret_basic',
      '--refresh-token-ttl', '86400', '--id-token-ttl', '600',
    );
    expect(created).toMatchObject({
      redirectUris: ['https://app.example/cb', 'https://app.example/cb2'],
      postLogoutRedirectUris: ['https://app.example/bye'],
      tokenEndpointAuthMethod: 'client_secret_basic',
      refreshTokenTtl: 86400,
      idTokenTtl: 600,
    });
    const updated = await tessera('apps', 'update', '--app-id', created.appId, '--post-logout-redirect-uris', '', '--token-endpoint-auth-method', 'none');
    expect(updated).toMatchObject({ postLogoutRedirectUris: [], tokenEndpointAuthMethod: 'none', redirectUris: ['https://app.example/cb', 'https://app.example/cb2'] });
  });

  test('a redirect URI with a fragment or a javascript: scheme is refused with a clear message', async () => {
    await expect(tessera('apps', 'create', '--name', 'Bad', '--redirect-uris', 'https://app.example/cb#frag')).rejects.toThrow(/redirect URI is not allowed/);
    await expect(tessera('apps', 'update', '--app-id', server.appId, '--post-logout-redirect-uris', 'javascript:alert(1)')).rejects.toThrow(/not allowed/);
  });
});
