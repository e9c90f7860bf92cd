/**
 * What @tessera/sdk puts on the wire, checked against a real node:http server: the headers of spec
 * §2.1, the client credentials of §5.2, the bodies and query strings of §3, and how answers are read
 * (a business failure resolves; only transport failures throw).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { AuthenticationClient, TesseraRequestError, type AuthenticationClientInitOptions } from '@tessera/sdk';
import { findClosedPort, startCaptureServer, SUCCESS_ENVELOPE, type CaptureServer } from './capture-server.js';

let server: CaptureServer;
beforeAll(async () => {
  server = await startCaptureServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

const newClient = (options: Partial<AuthenticationClientInitOptions> = {}) =>
  new AuthenticationClient({ appId: 'APPID', appSecret: 'APPSECRET', appHost: server.url, ...options });

const BASIC_CREDENTIALS = `Basic ${Buffer.from('APPID:APPSECRET').toString('base64')}`;

describe('headers on every request (spec §2.1)', () => {
  test('x-authing-app-id always; no authorization, lang or content-type on a bare GET', async () => {
    await newClient().listEnrolledFactors();
    const { headers } = server.last();
    expect(headers['x-authing-app-id']).toBe('APPID');
    expect(headers.authorization).toBeUndefined();
    expect(headers['x-authing-lang']).toBeUndefined();
    expect(headers['content-type']).toBeUndefined();
  });

  test('the access token from the constructor is sent raw, with no Bearer prefix', async () => {
    await newClient({ accessToken: 'tok-1' }).listFactorsToEnroll();
    expect(server.last().headers.authorization).toBe('tok-1');
  });

  test('setAccessToken replaces the token for later requests', async () => {
    const client = newClient({ accessToken: 'tok-1' });
    client.setAccessToken('tok-2');
    await client.listEnrolledFactors();
    expect(server.last().headers.authorization).toBe('tok-2');
  });

  test.each(['zh-CN', 'en-US'] as const)('lang %s is sent as x-authing-lang', async (lang) => {
    await newClient({ lang }).listEnrolledFactors();
    expect(server.last().headers['x-authing-lang']).toBe(lang);
  });
});

describe('MFA factor endpoints (spec §3)', () => {
  const cases: Array<[string, (client: AuthenticationClient) => Promise<unknown>, string, string, unknown]> = [
    [
      'sendEnrollFactorRequest',
      (c) => c.sendEnrollFactorRequest({ factorType: 'SMS', profile: { phoneNumber: '13800000000' } }),
      'POST', '/api/v3/send-enroll-factor-request',
      { factorType: 'SMS', profile: { phoneNumber: '13800000000' } },
    ],
    [
      'enrollFactor',
      (c) => c.enrollFactor({ factorType: 'OTP', enrollmentToken: 'enr-1', enrollmentData: { passCode: '123456' } }),
      'POST', '/api/v3/enroll-factor',
      { factorType: 'OTP', enrollmentToken: 'enr-1', enrollmentData: { passCode: '123456' } },
    ],
    ['resetFactor', (c) => c.resetFactor({ factorId: 'f-1' }), 'POST', '/api/v3/reset-factor', { factorId: 'f-1' }],
    ['listEnrolledFactors', (c) => c.listEnrolledFactors(), 'GET', '/api/v3/list-enrolled-factors', undefined],
    ['getFactor', (c) => c.getFactor({ factorId: 'f-1' }), 'GET', '/api/v3/get-factor?factorId=f-1', undefined],
    ['listFactorsToEnroll', (c) => c.listFactorsToEnroll(), 'GET', '/api/v3/list-factors-to-enroll', undefined],
    ['mfaOtpVerify', (c) => c.mfaOtpVerify({ totp: '612311' }), 'POST', '/api/v3/mfa-totp-verify', { totp: '612311' }],
  ];

  test.each(cases)('%s sends %s %s with the user token', async (_name, call, method, url, body) => {
    await call(newClient({ accessToken: 'tok-1' }));
    const request = server.last();
    expect(request.method).toBe(method);
    expect(request.url).toBe(url);
    expect(request.headers.authorization).toBe('tok-1');
    if (body === undefined) {
      expect(request.body).toBe('');
    } else {
      expect(request.headers['content-type']).toBe('application/json');
      expect(JSON.parse(request.body)).toEqual(body);
    }
  });

  test('getFactor leaves an undefined factorId out of the query string', async () => {
    await newClient().getFactor({ factorId: undefined as unknown as string });
    expect(server.last().url).toBe('/api/v3/get-factor');
  });

  test('getFactor encodes the factorId', async () => {
    await newClient().getFactor({ factorId: 'a b&c=d' });
    expect(server.last().url).toBe('/api/v3/get-factor?factorId=a+b%26c%3Dd');
  });
});

describe('sign-in client credentials (spec §5.2)', () => {
  test('client_secret_post (the default) puts client_id and client_secret in the body, as recorded from the official SDK', async () => {
    await newClient().signInByEmailPassword({ email: 'a@b.c', password: 'pw' });
    const request = server.last();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/api/v3/signin');
    expect(request.body).toBe(
      '{"connection":"PASSWORD","passwordPayload":{"password":"pw","email":"a@b.c"},"client_id":"APPID","client_secret":"APPSECRET"}',
    );
    expect(request.headers.authorization).toBeUndefined();
  });

  type PasswordSignIn = [string, (client: AuthenticationClient) => Promise<unknown>, Record<string, string>];
  test.each<PasswordSignIn>([
    ['signInByPhonePassword', (c) => c.signInByPhonePassword({ phone: '138', password: 'pw' }), { password: 'pw', phone: '138' }],
    ['signInByUsernamePassword', (c) => c.signInByUsernamePassword({ username: 'ada', password: 'pw' }), { password: 'pw', username: 'ada' }],
    ['signInByAccountPassword', (c) => c.signInByAccountPassword({ account: 'ada', password: 'pw' }), { password: 'pw', account: 'ada' }],
  ])('%s sends its account field in passwordPayload', async (_name, call, passwordPayload) => {
    await call(newClient());
    expect(JSON.parse(server.last().body)).toEqual({
      connection: 'PASSWORD', passwordPayload, client_id: 'APPID', client_secret: 'APPSECRET',
    });
  });

  test('sign-in options are passed through', async () => {
    await newClient().signInByEmailPassword({ email: 'a@b.c', password: 'pw', options: { scope: 'openid offline_access' } });
    expect(JSON.parse(server.last().body).options).toEqual({ scope: 'openid offline_access' });
  });

  test('client_secret_basic sends Basic base64(appId:appSecret) on signin, in place of the token', async () => {
    const client = newClient({ tokenEndPointAuthMethod: 'client_secret_basic', accessToken: 'tok-1' });
    await client.signInByEmailPassword({ email: 'a@b.c', password: 'pw' });
    const signIn = server.last();
    expect(signIn.headers.authorization).toBe(BASIC_CREDENTIALS);
    expect(JSON.parse(signIn.body)).toEqual({ connection: 'PASSWORD', passwordPayload: { password: 'pw', email: 'a@b.c' } });

    // Basic belongs to the sign-in paths only; everything else keeps the user's token.
    await client.listEnrolledFactors();
    expect(server.last().headers.authorization).toBe('tok-1');
  });

  test('none sends no client credentials at all', async () => {
    await newClient({ tokenEndPointAuthMethod: 'none', appSecret: undefined }).signInByUsernamePassword({ username: 'ada', password: 'pw' });
    const request = server.last();
    expect(request.headers.authorization).toBeUndefined();
    expect(JSON.parse(request.body)).toEqual({ connection: 'PASSWORD', passwordPayload: { password: 'pw', username: 'ada' } });
  });

  test('signInByCredentials sends the body as given: credentials are the wrappers\' job, as in the official SDK', async () => {
    const dto = { connection: 'PASSWORD', passwordPayload: { password: 'pw', account: 'ada' } } as const;
    await newClient().signInByCredentials(dto);
    expect(server.last().body).toBe(JSON.stringify(dto));
  });
});

describe('sign-up (spec §5.1)', () => {
  test('signUpByEmailPassword sends a PASSWORD connection with the profile and no client credentials', async () => {
    await newClient().signUpByEmailPassword({ email: 'a@b.c', password: 'pw', profile: { nickname: 'Ada' } });
    const request = server.last();
    expect(request.url).toBe('/api/v3/signup');
    expect(request.headers.authorization).toBeUndefined();
    expect(request.body).toBe('{"connection":"PASSWORD","passwordPayload":{"password":"pw","email":"a@b.c"},"profile":{"nickname":"Ada"}}');
  });

  test('signUpByUsernamePassword puts the username in passwordPayload', async () => {
    await newClient().signUpByUsernamePassword({ username: 'ada', password: 'pw' });
    expect(JSON.parse(server.last().body)).toEqual({ connection: 'PASSWORD', passwordPayload: { password: 'pw', username: 'ada' } });
  });

  test('signUp sends the body as given', async () => {
    await newClient().signUp({ connection: 'PASSWORD', passwordPayload: { password: 'pw', email: 'a@b.c' } });
    expect(JSON.parse(server.last().body)).toEqual({ connection: 'PASSWORD', passwordPayload: { password: 'pw', email: 'a@b.c' } });
  });
});

describe('reading the answer', () => {
  test('a success envelope resolves exactly as the server wrote it', async () => {
    const envelope = { ...SUCCESS_ENVELOPE, data: [{ factorId: 'f-1', factorType: 'SMS', profile: { phoneNumber: '138' } }] };
    server.reply({ body: JSON.stringify(envelope) });
    await expect(newClient().listEnrolledFactors()).resolves.toStrictEqual(envelope);
  });

  test('a business failure (non-200 statusCode) resolves, it does not throw', async () => {
    const envelope = { statusCode: 403, apiCode: 2333, message: 'Account not exists or password is incorrect.', requestId: 'req-2' };
    server.reply({ body: JSON.stringify(envelope) });
    await expect(newClient().signInByEmailPassword({ email: 'a@b.c', password: 'bad' })).resolves.toStrictEqual({ ...envelope, kind: 'failed' });
  });

  test('an envelope on a non-200 HTTP status is still returned', async () => {
    const envelope = { statusCode: 413, message: 'Payload too large' };
    server.reply({ status: 413, body: JSON.stringify(envelope) });
    await expect(newClient().mfaOtpVerify({ totp: '1' })).resolves.toStrictEqual(envelope);
  });

  test('a non-JSON body throws TesseraRequestError INVALID_BODY with the HTTP status', async () => {
    server.reply({ status: 502, contentType: 'text/html', body: '<html>Bad Gateway</html>' });
    const error = await newClient().listEnrolledFactors().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TesseraRequestError);
    expect(error).toMatchObject({ name: 'TesseraRequestError', code: 'INVALID_BODY', status: 502, method: 'GET' });
  });

  test('JSON that is not a V3 envelope throws INVALID_BODY', async () => {
    server.reply({ body: '[1,2,3]' });
    await expect(newClient().listEnrolledFactors()).rejects.toMatchObject({ code: 'INVALID_BODY', status: 200 });
  });

  test('an unreachable host throws NETWORK_ERROR with no status', async () => {
    const port = await findClosedPort();
    const client = newClient({ appHost: `http://127.0.0.1:${port}` });
    const error = await client.getFactor({ factorId: 'f-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TesseraRequestError);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', status: undefined, url: `http://127.0.0.1:${port}/api/v3/get-factor?factorId=f-1` });
  });

  test('no answer within timeout throws TIMEOUT', async () => {
    server.reply('hang');
    await expect(newClient({ timeout: 100 }).listEnrolledFactors()).rejects.toMatchObject({
      name: 'TesseraRequestError',
      code: 'TIMEOUT',
    });
  });
});

describe('constructor', () => {
  test('appHost keeps a path prefix and drops trailing slashes', async () => {
    await newClient({ appHost: `${server.url}/tessera//` }).listEnrolledFactors();
    expect(server.last().url).toBe('/tessera/api/v3/list-enrolled-factors');
  });

  test('appSecret is required unless tokenEndPointAuthMethod is none, as in the official SDK', () => {
    expect(() => newClient({ appSecret: undefined })).toThrow(/appSecret is not provided/);
    expect(() => newClient({ appSecret: undefined, tokenEndPointAuthMethod: 'none' })).not.toThrow();
  });

  test('appId and appHost are required', () => {
    expect(() => newClient({ appId: '' })).toThrow(/appId is not provided/);
    expect(() => newClient({ appHost: '' })).toThrow(/appHost is not provided/);
  });
});
