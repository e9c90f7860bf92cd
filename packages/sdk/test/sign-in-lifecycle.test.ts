/**
 * What the sign-in lifecycle of @tessera/sdk reads and sends, against a real node:http server: the `kind` of
 * a sign-in answer, the `client.mfa` second step (mfaToken as Bearer, V2 answers), and the standard shapes
 * of refresh (RFC 6749 §6), revocation (RFC 7009) and logout (RP-Initiated Logout) per client auth method.
 * The same calls against a real Tessera: test/mfa-sign-in/tessera-sdk-sign-in.test.ts in the server package.
 */
import { describe, expect, test } from 'vitest';
import { AuthenticationClient as OfficialAuthenticationClient } from 'authing-node-sdk';
import { AuthenticationClient, type AuthenticationClientInitOptions } from '@tessera/sdk';
import { useCaptureServer, type CapturedRequest } from './capture-server.js';

const server = useCaptureServer();

const newClient = (options: Partial<AuthenticationClientInitOptions> = {}) =>
  new AuthenticationClient({ appId: 'APPID', appSecret: 'APPSECRET', appHost: server.url, ...options });
const json = (body: unknown, status = 200) => ({ status, body: JSON.stringify(body) });

const CHALLENGE_DATA = {
  mfaToken: 'mfa-1',
  totpMfaEnabled: true,
  faceMfaEnabled: false,
  mfaEmail: 'a***@example.com',
  applicationMfa: [
    { mfaPolicy: 'EMAIL', status: 1, sort: 3 },
    { mfaPolicy: 'OTP', status: 1, sort: 1 },
    { mfaPolicy: 'SMS', status: 0, sort: 2 },
  ],
};

describe('the kind of a sign-in answer', () => {
  test.each([
    ['tokens', { statusCode: 200, message: 'ok', data: { access_token: 'at', token_type: 'bearer', expire_in: 7200 } }, {}],
    ['mfa-required', { statusCode: 499, apiCode: 1635, message: 'mfa', data: CHALLENGE_DATA }, { mfaToken: 'mfa-1', factors: ['OTP', 'EMAIL'] }],
    ['enrollment-required', { statusCode: 499, apiCode: 1636, message: 'bind', data: CHALLENGE_DATA }, { mfaToken: 'mfa-1', factors: ['OTP', 'SMS', 'EMAIL'] }],
    ['failed', { statusCode: 403, apiCode: 2333, message: 'wrong password' }, {}],
    ['failed', { statusCode: 499, apiCode: 1635, message: 'no token in it' }, {}],
  ] as const)('%s: the envelope as sent, plus kind (%#)', async (kind, envelope, extra) => {
    server.reply(json(envelope));
    expect(await newClient().signInByEmailPassword({ email: 'a@b.c', password: 'pw' })).toStrictEqual({ ...envelope, kind, ...extra });
  });
});

describe('client.mfa: the second step', () => {
  test.each([
    ['verifyTotp', (c: AuthenticationClient) => c.mfa.verifyTotp('mfa-1', '123456'), '/api/v2/mfa/totp/verify', { totp: '123456' }],
    ['verifySms', (c: AuthenticationClient) => c.mfa.verifySms('mfa-1', { phone: '13800000000', code: '1' }), '/api/v2/applications/mfa/sms/verify', { phone: '13800000000', code: '1' }],
    ['verifyEmail', (c: AuthenticationClient) => c.mfa.verifyEmail('mfa-1', { email: 'a@b.c', code: '1' }), '/api/v2/applications/mfa/email/verify', { email: 'a@b.c', code: '1' }],
    ['useRecoveryCode', (c: AuthenticationClient) => c.mfa.useRecoveryCode('mfa-1', 'r-1'), '/api/v2/mfa/totp/recovery', { recoveryCode: 'r-1' }],
    ['sendSms', (c: AuthenticationClient) => c.mfa.sendSms('mfa-1', { phoneNumber: '13800000000' }), '/api/v3/send-sms', { channel: 'CHANNEL_VERIFY_MFA', phoneNumber: '13800000000' }],
    ['sendEmail', (c: AuthenticationClient) => c.mfa.sendEmail('mfa-1', 'a@b.c'), '/api/v3/send-email', { channel: 'CHANNEL_VERIFY_MFA', email: 'a@b.c' }],
  ] as const)('%s posts to its path with the mfaToken as Bearer, not the access token', async (_name, call, path, body) => {
    server.reply(json({ code: 200, statusCode: 200, message: 'ok' }));
    await call(newClient({ accessToken: 'access-1' }));
    const request = server.last();
    expect({ method: request.method, url: request.url, authorization: request.headers.authorization }).toEqual({ method: 'POST', url: path, authorization: 'Bearer mfa-1' });
    expect(JSON.parse(request.body)).toEqual(body);
  });

  test('a finished second step is kind tokens with accessToken, and the recovery answer keeps recoveryCode', async () => {
    const answer = { code: 200, message: 'ok', data: { userId: 'u-1', token: 'at-2' }, recoveryCode: 'r-2' };
    server.reply(json(answer));
    expect(await newClient().mfa.useRecoveryCode('mfa-1', 'r-1')).toStrictEqual({ ...answer, kind: 'tokens', accessToken: 'at-2' });
  });

  test('a wrong code is kind failed with the apiCode as code', async () => {
    server.reply(json({ code: 6001, message: 'wrong code' }));
    expect(await newClient().mfa.verifyTotp('mfa-1', '000000')).toStrictEqual({ code: 6001, message: 'wrong code', kind: 'failed' });
  });
});

describe('refresh and revoke: form bodies and client authentication (RFC 6749 §2.3.1)', () => {
  const basic = `Basic ${Buffer.from('APPID:APPSECRET').toString('base64')}`;
  test.each([
    ['client_secret_post', {}, { client_id: 'APPID', client_secret: 'APPSECRET' }, undefined],
    ['client_secret_basic', { tokenEndPointAuthMethod: 'client_secret_basic' }, {}, basic],
    ['none', { tokenEndPointAuthMethod: 'none', appSecret: undefined }, { client_id: 'APPID' }, undefined],
  ] as const)('%s', async (_method, options, auth, authorization) => {
    const client = newClient({ ...options, accessToken: 'access-1' });
    server.reply(json({ access_token: 'at-2', token_type: 'Bearer', expires_in: 7200, refresh_token: 'rt-2' }), { body: '' });
    expect(await client.refresh('rt-1')).toMatchObject({ kind: 'tokens', access_token: 'at-2', refresh_token: 'rt-2' });
    expect(await client.revoke('rt-2')).toBe(true);

    const [refresh, revoke] = server.requests;
    for (const request of [refresh!, revoke!]) {
      expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(request.headers.authorization).toBe(authorization ?? 'access-1');
    }
    expect(refresh!.url).toBe('/oidc/token');
    expect(Object.fromEntries(new URLSearchParams(refresh!.body))).toEqual({ grant_type: 'refresh_token', refresh_token: 'rt-1', ...auth });
    expect(revoke!.url).toBe('/oidc/token/revocation');
    expect(Object.fromEntries(new URLSearchParams(revoke!.body))).toEqual({ token: 'rt-2', ...auth });
  });

  test.each([
    ['client_secret_post', {}],
    ['client_secret_basic', { tokenEndPointAuthMethod: 'client_secret_basic' }],
    ['none', { tokenEndPointAuthMethod: 'none', appSecret: undefined }],
  ] as Array<[string, Partial<AuthenticationClientInitOptions>]>)('%s: refresh and revoke send what the official getNewAccessTokenByRefreshToken and revokeToken send', async (_method, options) => {
    const official = new OfficialAuthenticationClient({
      appId: 'APPID',
      appSecret: 'APPSECRET',
      appHost: server.url,
      ...options,
      revocationEndPointAuthMethod: options.tokenEndPointAuthMethod,
    });
    const tokenSet = json({ access_token: 'at', token_type: 'Bearer', expires_in: 1 });
    server.reply(tokenSet, { body: '' }, tokenSet, { body: '' });
    await official.getNewAccessTokenByRefreshToken('rt-1');
    await official.revokeToken('rt-1');
    await newClient(options).refresh('rt-1');
    await newClient(options).revoke('rt-1');

    const view = ({ method, url, body, headers }: CapturedRequest) => ({
      method,
      url,
      form: Object.fromEntries(new URLSearchParams(body)),
      authorization: headers.authorization,
      contentType: headers['content-type'],
    });
    const [theirRefresh, theirRevoke, ourRefresh, ourRevoke] = server.requests.map(view);
    expect(ourRefresh).toEqual(theirRefresh);
    expect(ourRevoke).toEqual(theirRevoke);
  });

  test('an RFC 6749 error (HTTP 400) is kind failed with error and error_description', async () => {
    server.reply(json({ error: 'invalid_grant', error_description: 'refresh token reused' }, 400));
    expect(await newClient().refresh('rt-1')).toStrictEqual({ kind: 'failed', error: 'invalid_grant', error_description: 'refresh token reused' });
  });
});

describe('logout (OIDC RP-Initiated Logout)', () => {
  test('buildLogoutUrl names the id token, the redirect and its state, and the app', () => {
    const url = new URL(newClient().buildLogoutUrl({ idToken: 'id-1', redirectUri: 'https://app.example/bye', state: 's-1' }));
    expect(url.pathname).toBe('/oidc/session/end');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      id_token_hint: 'id-1',
      post_logout_redirect_uri: 'https://app.example/bye',
      state: 's-1',
      client_id: 'APPID',
    });
  });

  test('logout requests that address, does not follow the redirect, and is true on a 302', async () => {
    server.reply({ status: 302, body: '' });
    expect(await newClient({ accessToken: 'access-1' }).logout({ idToken: 'id-1' })).toBe(true);
    expect(server.requests).toHaveLength(1);
    expect(server.last()).toMatchObject({ method: 'GET', url: '/oidc/session/end?id_token_hint=id-1&client_id=APPID' });
  });
});
