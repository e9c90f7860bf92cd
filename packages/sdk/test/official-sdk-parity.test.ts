/**
 * Wire parity with the official GenAuth Node SDK (authing-node-sdk@4.0.1): the same call on both
 * clients, pointed at the same capture server, must send the same method, URL, body and the headers
 * a server reads (spec §2.1). User-Agent and Accept differ (axios vs fetch) and are not compared;
 * `x-authing-lang` is left out because the official client never sends it (spec §10).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { AuthenticationClient as OfficialAuthenticationClient } from 'authing-node-sdk';
import { AuthenticationClient, type AuthenticationClientInitOptions } from '@tessera/sdk';
import { startCaptureServer, type CapturedRequest, type CaptureServer } from './capture-server.js';

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

/** The calls under comparison, typed against our client; the official one accepts the same arguments. */
type Call = (client: AuthenticationClient) => Promise<unknown>;

const CALLS: Array<[string, Call]> = [
  ['signUp', (c) => c.signUp({ connection: 'PASSWORD', passwordPayload: { password: 'pw', username: 'ada' } })],
  ['signUpByEmailPassword', (c) => c.signUpByEmailPassword({ email: 'a@b.c', password: 'pw', profile: { nickname: 'Ada' } })],
  ['signUpByUsernamePassword', (c) => c.signUpByUsernamePassword({ username: 'ada', password: 'pw' })],
  ['signInByCredentials', (c) => c.signInByCredentials({ connection: 'PASSWORD', passwordPayload: { password: 'pw', email: 'a@b.c' } })],
  ['signInByEmailPassword', (c) => c.signInByEmailPassword({ email: 'a@b.c', password: 'pw', options: { scope: 'openid' } })],
  ['signInByUsernamePassword', (c) => c.signInByUsernamePassword({ username: 'ada', password: 'pw' })],
  ['signInByPhonePassword', (c) => c.signInByPhonePassword({ phone: '13800000000', password: 'pw' })],
  ['signInByAccountPassword', (c) => c.signInByAccountPassword({ account: 'ada', password: 'pw' })],
  ['sendEnrollFactorRequest', (c) => c.sendEnrollFactorRequest({ factorType: 'EMAIL', profile: { email: 'a@b.c' } })],
  ['enrollFactor', (c) => c.enrollFactor({ factorType: 'EMAIL', enrollmentToken: 'enr-1', enrollmentData: { passCode: '123456' } })],
  ['resetFactor', (c) => c.resetFactor({ factorId: 'f-1' })],
  ['listEnrolledFactors', (c) => c.listEnrolledFactors()],
  ['getFactor', (c) => c.getFactor({ factorId: 'f 1/2' })],
  ['listFactorsToEnroll', (c) => c.listFactorsToEnroll()],
  ['mfaOtpVerify', (c) => c.mfaOtpVerify({ totp: '612311' })],
  ['getProfile', (c) => c.getProfile({ withIdentities: true })],
  ['getSecurityLevel', (c) => c.getSecurityLevel()],
];

const CONFIGURATIONS: Array<[string, Partial<AuthenticationClientInitOptions>]> = [
  ['client_secret_post, no token', {}],
  ['client_secret_post, with token', { accessToken: 'tok-1' }],
  ['client_secret_basic, with token', { tokenEndPointAuthMethod: 'client_secret_basic', accessToken: 'tok-1' }],
  ['none, with token', { tokenEndPointAuthMethod: 'none', appSecret: undefined, accessToken: 'tok-1' }],
];

/** What a server reads from a request; the rest is client noise. */
function wireView({ method, url, body, headers }: CapturedRequest) {
  return {
    method,
    url,
    body,
    authorization: headers.authorization,
    appId: headers['x-authing-app-id'],
    contentType: headers['content-type'],
  };
}

describe.each(CONFIGURATIONS)('%s', (_label, overrides) => {
  const options = { appId: 'APPID', appSecret: 'APPSECRET', ...overrides };

  test.each(CALLS)('%s sends what the official SDK sends', async (_name, call) => {
    const official = new OfficialAuthenticationClient({ ...options, appHost: server.url });
    await call(official as unknown as AuthenticationClient);
    await call(new AuthenticationClient({ ...options, appHost: server.url }));

    expect(server.requests).toHaveLength(2);
    const [theirs, ours] = server.requests as [CapturedRequest, CapturedRequest];
    expect(wireView(ours)).toEqual(wireView(theirs));
  });
});
