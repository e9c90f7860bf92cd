import { AuthenticationClient } from 'authing-node-sdk';
import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { challengeFor, verifyTotp } from '../support/mfa.js';
import { useTestServer } from '../support/use-test-server.js';

const fixture = useTestServer({}, async (server) => {
  const user = await signUpAndSignIn(server);
  await enrollOtp(server, user.token);
  return { userId: user.userId, mfaToken: await challengeFor(server, user.email, user.password) };
});
const { server } = fixture;

const introspect = (call: Parameters<typeof api>[3]) => api(server, 'POST', '/mfa/token/introspection', call);

describe('POST /mfa/token/introspection', () => {
  test('a live mfaToken in a JSON body: {active, userPoolId, userId, exp, iat}, unwrapped', async () => {
    const answer = await introspect({ body: { token: fixture.mfaToken } });
    expect(answer.httpStatus).toBe(200);
    const now = Math.floor(server.clock.now() / 1000);
    expect(answer.body).toEqual({ active: true, userPoolId: server.appId, userId: fixture.userId, iat: now, exp: now + 300 });
  });

  test('the token in a form body', async () => {
    const answer = await introspect({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, rawBody: `token=${encodeURIComponent(fixture.mfaToken)}` });
    expect(answer.body).toMatchObject({ active: true, userId: fixture.userId });
  });

  test('the token in the query string', async () => {
    expect((await introspect({ query: { token: fixture.mfaToken } })).body).toMatchObject({ active: true, userId: fixture.userId });
  });

  test('no token, an empty form body or an unknown token: {active: false}', async () => {
    expect((await introspect({})).body).toEqual({ active: false });
    expect((await introspect({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, rawBody: '' })).body).toEqual({ active: false });
    expect((await introspect({ body: { token: 'nope' } })).body).toEqual({ active: false });
  });

  test('the official Node SDK (no body, the mfaToken in authorization after setAccessToken) gets it introspected', async () => {
    const client = new AuthenticationClient({ appId: server.appId, appSecret: server.appSecret, appHost: server.url });
    client.setAccessToken(fixture.mfaToken);
    expect(await client.verifyMfaToken({ token: fixture.mfaToken })).toMatchObject({ active: true, userId: fixture.userId });
  });

  test('the token in authorization, raw or Bearer, when the body has none', async () => {
    expect((await introspect({ token: fixture.mfaToken })).body).toMatchObject({ active: true, userId: fixture.userId });
    expect((await introspect({ token: `Bearer ${fixture.mfaToken}` })).body).toMatchObject({ active: true, userId: fixture.userId });
  });

  test('the official Node SDK without setAccessToken (empty form body) gets {active: false}', async () => {
    const client = new AuthenticationClient({ appId: server.appId, appSecret: server.appSecret, appHost: server.url });
    expect(await client.verifyMfaToken({ token: fixture.mfaToken })).toEqual({ active: false });
  });

  test('an expired mfaToken is inactive', async () => {
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    const token = await challengeFor(server, user.email, user.password);
    server.clock.advanceSeconds(301);
    expect((await introspect({ body: { token } })).body).toEqual({ active: false });
  });

  test('a redeemed mfaToken is inactive', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const token = await challengeFor(server, user.email, user.password);
    expect((await verifyTotp(server, token, otp.codeAt(server.clock.now()))).body.code).toBe(200);
    expect((await introspect({ body: { token } })).body).toEqual({ active: false });
  });
});

describe('introspection and the log', () => {
  test('a token sent in the query string never reaches the server log', async () => {
    await introspect({ query: { token: fixture.mfaToken } });
    expect(server.logs.text()).not.toContain(fixture.mfaToken);
  });
});
