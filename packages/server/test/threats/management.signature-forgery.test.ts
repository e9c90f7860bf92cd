import { FACTOR_TYPES } from '@tessera/contract';
import { describe, expect, test } from 'vitest';
import { signUpAndSignIn } from '../support/accounts.js';
import { api } from '../support/api.js';
import { createAccessKey, sdkHeaders, signedCall, type AccessKey } from '../support/management.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * Management calls are authenticated by the Node SDK's HMAC-SHA1 signature (spec §8) or a management token
 * (spec §2.4), and by nothing else: each documented refusal 1300–1306, a tampered body, a replayed nonce,
 * a disabled key, a user's access token, a foreign pool.
 */
const fixture = useTestServer({}, async (server) => {
  server.clock.set(Date.now());
  return { key: await createAccessKey(server) };
});
const { server } = fixture;
const path = '/api/v3/get-global-mfa-settings';

describe('HMAC signature refusals (apiCodes 1300–1306)', () => {
  test('a correctly signed call passes (the baseline of every refusal below)', async () => {
    expect(await signedCall(server, fixture.key, { method: 'GET', path })).toMatchObject({ statusCode: 200 });
  });

  test('1300: a signature made with another secret', async () => {
    const forged: AccessKey = { accessKeyId: fixture.key.accessKeyId, accessKeySecret: 'not-the-secret' };
    expect(await signedCall(server, forged, { method: 'GET', path })).toMatchObject({ statusCode: 401, apiCode: 1300 });
  });

  test('1300: a body tampered with after signing', async () => {
    const answer = await signedCall(server, fixture.key, {
      method: 'POST',
      path: '/api/v3/update-global-mfa-settings',
      body: { enabledFactors: [...FACTOR_TYPES] },
      afterSigning: { body: { enabledFactors: [] } },
    });
    expect(answer).toMatchObject({ statusCode: 401, apiCode: 1300 });
    expect(await signedCall(server, fixture.key, { method: 'GET', path })).toMatchObject({ data: { enabledFactors: [...FACTOR_TYPES] } });
  });

  test('1300: a signed header changed after signing', async () => {
    const answer = await signedCall(server, fixture.key, { method: 'GET', path, afterSigning: { headers: { 'x-authing-lang': 'zh-CN' } } });
    expect(answer).toMatchObject({ statusCode: 401, apiCode: 1300 });
  });

  test('1301: another signature method', async () => {
    const answer = await signedCall(server, fixture.key, { method: 'GET', path, headers: sdkHeaders({ 'x-authing-signature-method': 'HMAC-SHA256' }) });
    expect(answer).toMatchObject({ statusCode: 401, apiCode: 1301 });
  });

  test('1302: another signature version', async () => {
    const answer = await signedCall(server, fixture.key, { method: 'GET', path, headers: sdkHeaders({ 'x-authing-signature-version': '2.0' }) });
    expect(answer).toMatchObject({ statusCode: 401, apiCode: 1302 });
  });

  test('1303: a date that is not a time', async () => {
    const answer = await signedCall(server, fixture.key, { method: 'GET', path, headers: sdkHeaders({ date: 'yesterday-ish' }) });
    expect(answer).toMatchObject({ statusCode: 401, apiCode: 1303 });
  });

  test('1304: no date header at all', async () => {
    const { date: _date, ...headers } = sdkHeaders();
    expect(await signedCall(server, fixture.key, { method: 'GET', path, headers })).toMatchObject({ statusCode: 401, apiCode: 1304 });
  });

  test('1305: a date 16 minutes old; a millisecond x-authing-date within the window passes', async () => {
    const old = new Date(server.clock.now() - 16 * 60_000).toUTCString();
    expect(await signedCall(server, fixture.key, { method: 'GET', path, headers: sdkHeaders({ date: old }) })).toMatchObject({ statusCode: 401, apiCode: 1305 });
    const { date: _date, ...withoutDate } = sdkHeaders();
    const epoch = { ...withoutDate, 'x-authing-date': String(server.clock.now()) };
    expect(await signedCall(server, fixture.key, { method: 'GET', path, headers: epoch })).toMatchObject({ statusCode: 200 });
  });

  test('1306: the same signed request sent twice (nonce replay)', async () => {
    const headers = sdkHeaders();
    expect(await signedCall(server, fixture.key, { method: 'GET', path, headers })).toMatchObject({ statusCode: 200 });
    expect(await signedCall(server, fixture.key, { method: 'GET', path, headers })).toMatchObject({ statusCode: 401, apiCode: 1306 });
  });
});

describe('keys, tokens and pools', () => {
  test('a disabled access key is refused at once, by signature and by its management token', async () => {
    const key = await createAccessKey(server, 'to-disable');
    const token = (await api(server, 'POST', '/api/v3/get-management-token', { appId: null, body: key })).body.data.access_token as string;
    await server.server.runtime.services.management.accessKeys.disable(key.accessKeyId, { appId: null, ip: null, userAgent: 'test' });
    expect(await signedCall(server, key, { method: 'GET', path })).toMatchObject({ statusCode: 401, apiCode: 46111 });
    expect((await api(server, 'GET', path, { appId: null, token: `Bearer ${token}` })).body).toMatchObject({ statusCode: 401, apiCode: 46111 });
  });

  test('a management token payload has no - or _ (the Python SDK decodes it with standard base64, spec §2.4)', async () => {
    for (let i = 0; i < 20; i++) {
      const answer = await api(server, 'POST', '/api/v3/get-management-token', { appId: null, body: fixture.key });
      expect(answer.body).toMatchObject({ statusCode: 200, data: { expires_in: 7200 } });
      const payload = (answer.body.data.access_token as string).split('.')[1]!;
      expect(payload).not.toMatch(/[-_]/);
      expect(JSON.parse(Buffer.from(payload, 'base64').toString('utf8'))).toMatchObject({ scoped_userpool_id: expect.any(String), sub: fixture.key.accessKeyId });
      server.clock.advanceSeconds(1);
    }
  });

  test('get-management-token refuses a wrong secret', async () => {
    const answer = await api(server, 'POST', '/api/v3/get-management-token', { appId: null, body: { accessKeyId: fixture.key.accessKeyId, accessKeySecret: 'wrong' } });
    expect(answer.body).toMatchObject({ statusCode: 401, apiCode: 46111 });
    expect(answer.body.data).toBeUndefined();
  });

  test("a user's access token is refused on management routes", async () => {
    const user = await signUpAndSignIn(server);
    for (const token of [user.token, `Bearer ${user.token}`]) {
      expect((await api(server, 'GET', path, { token })).body).toMatchObject({ statusCode: 401, apiCode: 46112 });
    }
  });

  test('a management token is refused on user routes', async () => {
    const token = (await api(server, 'POST', '/api/v3/get-management-token', { appId: null, body: fixture.key })).body.data.access_token as string;
    for (const sent of [token, `Bearer ${token}`]) {
      expect((await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: sent })).body).toMatchObject({ statusCode: 401 });
    }
  });

  test('no credentials at all, and a foreign x-authing-userpool-id', async () => {
    expect((await api(server, 'GET', path, { appId: null })).body).toMatchObject({ statusCode: 401, apiCode: 46110 });
    const answer = await signedCall(server, fixture.key, { method: 'GET', path, headers: sdkHeaders({ 'x-authing-userpool-id': 'another-pool' }) });
    expect(answer).toMatchObject({ statusCode: 403, apiCode: 46113 });
  });

  test('every management call is audited with its access key, refused ones too', async () => {
    await signedCall(server, fixture.key, { method: 'GET', path });
    await signedCall(server, { ...fixture.key, accessKeySecret: 'wrong' }, { method: 'GET', path });
    const events = await server.server.runtime.services.admin.listAudit({ limit: 1000 });
    const calls = events.filter((event) => event.type === 'management.call' && event.detail?.accessKeyId === fixture.key.accessKeyId);
    expect(calls.some((event) => event.outcome === 'ok' && event.detail?.route === 'get-global-mfa-settings')).toBe(true);
    expect(calls.some((event) => event.outcome === 'failed' && event.detail?.error === 'SIGNATURE_INVALID')).toBe(true);
  });
});

describe('get-otp-secret-by-user is off by default', () => {
  test('refused with a clear apiCode, and the refusal is audited', async () => {
    const answer = await signedCall(server, fixture.key, { method: 'GET', path: '/api/v3/get-otp-secret-by-user', query: { userId: 'anyone', userIdType: 'user_id' } });
    expect(answer).toMatchObject({ statusCode: 403, apiCode: 46116 });
    const events = await server.server.runtime.services.admin.listAudit({ limit: 1000 });
    expect(events.some((event) => event.type === 'otp-secret.export' && event.outcome === 'failed')).toBe(true);
  });
});
