/**
 * Threat: a caller presents an access token Tessera did not issue for this app — forged with another key,
 * downgraded to `alg: none`, signed with HMAC using the public key as the secret, replayed after expiry,
 * or issued for a different application. Each must be refused exactly like a missing login.
 */
import { generateKeyPair, SignJWT, exportJWK } from 'jose';
import { describe, expect, test } from 'vitest';
import { issuerOf } from '../../src/config.js';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { useTestServer } from '../support/use-test-server.js';

const fixture = useTestServer({}, async (server) => ({ user: await signUpAndSignIn(server) }));
const { server } = fixture;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
const listFactors = (token: string, appId?: string) => api(server, 'GET', '/api/v3/list-enrolled-factors', { token, ...(appId ? { appId } : {}) });

describe('access tokens that are not ours are refused', () => {
  test('a missing token answers 401 NOT_LOGGED_IN', async () => {
    expect((await api(server, 'GET', '/api/v3/list-enrolled-factors')).body).toMatchObject({ statusCode: 401, apiCode: 2020 });
  });

  test('a token signed by another ES256 key answers 401 INVALID_TOKEN', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const header = JSON.parse(Buffer.from(fixture.user.token.split('.')[0]!, 'base64url').toString());
    const forged = await new SignJWT(claimsOf(fixture.user.token)).setProtectedHeader(header).sign(privateKey);
    expect((await listFactors(forged)).body).toMatchObject({ statusCode: 401, apiCode: 46010 });
  });

  test('an alg: none token answers 401 INVALID_TOKEN', async () => {
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claimsOf(fixture.user.token))}.`;
    expect((await listFactors(unsigned)).body).toMatchObject({ statusCode: 401, apiCode: 46010 });
  });

  test('an HS256 token keyed with the published public key answers 401 INVALID_TOKEN', async () => {
    const jwks = server.server.runtime.services.jwks;
    const secret = new TextEncoder().encode(JSON.stringify(jwks.keys[0]));
    const confused = await new SignJWT(claimsOf(fixture.user.token)).setProtectedHeader({ alg: 'HS256', kid: jwks.keys[0]!.kid! }).sign(secret);
    expect((await listFactors(confused)).body).toMatchObject({ statusCode: 401, apiCode: 46010 });
  });

  test('a token with a tampered subject answers 401 INVALID_TOKEN', async () => {
    const [header, , signature] = fixture.user.token.split('.');
    const tampered = `${header}.${b64({ ...claimsOf(fixture.user.token), sub: 'ffffffffffffffffffffffff' })}.${signature}`;
    expect((await listFactors(tampered)).body).toMatchObject({ statusCode: 401, apiCode: 46010 });
  });

  test('an expired token answers 401 INVALID_TOKEN', async () => {
    const fresh = await signUpAndSignIn(server);
    server.clock.advanceSeconds(7201);
    expect((await listFactors(fresh.token)).body).toMatchObject({ statusCode: 401, apiCode: 46010 });
  });

  test('a token issued for another app answers 401 INVALID_TOKEN', async () => {
    const { app } = await server.server.runtime.services.admin.createApp({ name: 'Other app' });
    const fresh = await signUpAndSignIn(server);
    expect((await listFactors(fresh.token, app.id)).body).toMatchObject({ statusCode: 401, apiCode: 46010 });
  });

  test('a token with the wrong issuer answers 401 INVALID_TOKEN', async () => {
    const keyring = JSON.parse(JSON.stringify(server.server.runtime.services.jwks));
    expect(keyring.keys[0].d).toBeUndefined();
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    void (await exportJWK(publicKey));
    const token = await new SignJWT({ ...claimsOf(fixture.user.token), iss: `${issuerOf(server.config)}-elsewhere` })
      .setProtectedHeader({ alg: 'ES256' })
      .sign(privateKey);
    expect((await listFactors(token)).body).toMatchObject({ statusCode: 401, apiCode: 46010 });
  });

  test('garbage in the authorization header answers 401 INVALID_TOKEN', async () => {
    expect((await listFactors('not.a.jwt')).body).toMatchObject({ statusCode: 401, apiCode: 46010 });
    expect((await listFactors('Bearer ' + 'x'.repeat(5000))).body).toMatchObject({ statusCode: 401, apiCode: 46010 });
  });
});
