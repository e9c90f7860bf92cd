import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { generateOpenApiDocument } from '../../src/openapi-document.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

describe('operations endpoints', () => {
  test('GET /health answers 200 while the database is reachable', async () => {
    const response = await fetch(new URL('/health', server.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  test('GET /oidc/.well-known/jwks.json publishes the ES256 public key and no private part', async () => {
    const jwks = (await (await fetch(new URL('/oidc/.well-known/jwks.json', server.url))).json()) as { keys: Record<string, string>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  test('GET /openapi.json describes the seven MFA factor management endpoints', async () => {
    const document = (await (await fetch(new URL('/openapi.json', server.url))).json()) as { paths: Record<string, unknown> };
    for (const path of [
      '/api/v3/send-enroll-factor-request',
      '/api/v3/enroll-factor',
      '/api/v3/reset-factor',
      '/api/v3/list-enrolled-factors',
      '/api/v3/get-factor',
      '/api/v3/list-factors-to-enroll',
      '/api/v3/mfa-totp-verify',
    ]) {
      expect(document.paths).toHaveProperty([path]);
    }
  });

  test('the committed docs/openapi.json is fresh (regenerate with `npm run openapi`)', async () => {
    const committed = readFileSync(new URL('../../../../docs/openapi.json', import.meta.url), 'utf8');
    expect(committed).toBe(await generateOpenApiDocument());
  });
});
