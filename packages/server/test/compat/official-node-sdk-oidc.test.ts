import { AuthenticationClient } from 'authing-node-sdk';
import { describe, expect, test } from 'vitest';
import { signUpAndSignIn, type SignedInUser } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * The official Node SDK's token lifecycle methods against Tessera, as the SDK sends them (read in
 * node_modules/authing-node-sdk/dist/AuthenticationClient.js): form-encoded bodies to /oidc/*, client
 * credentials in the body (client_secret_post, the default) or a Basic header.
 */
const { server } = useTestServer();
const SCOPE = 'openid profile email offline_access';
const LOGOUT_URI = 'https://app.example/after-logout';

type Method = 'client_secret_post' | 'client_secret_basic' | 'none';

function sdk(method: Method = 'client_secret_post', app = { appId: server.appId, appSecret: server.appSecret }) {
  return new AuthenticationClient({
    ...app,
    appHost: server.url,
    tokenEndPointAuthMethod: method,
    introspectionEndPointAuthMethod: method,
    revocationEndPointAuthMethod: method,
    logoutRedirectUri: LOGOUT_URI,
  });
}

async function signInThroughSdk(client: AuthenticationClient, user: SignedInUser) {
  const answer = await client.signInByEmailPassword({ email: user.email, password: user.password, options: { scope: SCOPE } as never });
  if (answer.statusCode !== 200) throw new Error(JSON.stringify(answer));
  return answer.data as { access_token: string; refresh_token: string; id_token: string };
}

describe('the official Node SDK: token lifecycle', () => {
  test.each<Method>(['client_secret_post', 'client_secret_basic'])('getNewAccessTokenByRefreshToken with %s', async (method) => {
    const client = sdk(method);
    const tokens = await signInThroughSdk(client, await signUpAndSignIn(server));
    const refreshed = await client.getNewAccessTokenByRefreshToken(tokens.refresh_token);
    expect(refreshed).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String), id_token: expect.any(String), token_type: 'Bearer' });
  });

  test('getNewAccessTokenByRefreshToken with none, for an app registered as a public client', async () => {
    const { app } = await server.server.runtime.services.admin.createApp({ name: 'Public', tokenEndpointAuthMethod: 'none' });
    const client = new AuthenticationClient({ appId: app.id, appHost: server.url, tokenEndPointAuthMethod: 'none' });
    const tokens = await signInThroughSdk(client, await signUpAndSignIn(server));
    expect(await client.getNewAccessTokenByRefreshToken(tokens.refresh_token)).toMatchObject({ access_token: expect.any(String) });
  });

  test('introspectToken, then revokeToken ends the session', async () => {
    const client = sdk();
    const user = await signUpAndSignIn(server);
    const tokens = await signInThroughSdk(client, user);
    expect(await client.introspectToken(tokens.access_token)).toMatchObject({ active: true, sub: user.userId });
    expect(await client.introspectToken(tokens.refresh_token)).toMatchObject({ active: true, token_type: 'refresh_token' });
    expect(await client.revokeToken(tokens.refresh_token)).toBe(true);
    expect(await client.introspectToken(tokens.access_token)).toEqual({ active: false });
  });

  test('getUserInfoByAccessToken (GET with the token in the query, its default)', async () => {
    const client = sdk();
    const user = await signUpAndSignIn(server);
    const tokens = await signInThroughSdk(client, user);
    expect(await client.getUserInfoByAccessToken(tokens.access_token)).toMatchObject({ sub: user.userId, email: user.email });
    expect(await client.getUserInfoByAccessToken(tokens.access_token, { method: 'POST', tokenPlace: 'header' })).toMatchObject({ sub: user.userId });
  });

  test('buildLogoutUrl: the URL ends the session and redirects to the registered URI', async () => {
    await server.server.runtime.services.admin.updateAppOidcSettings(server.appId, { postLogoutRedirectUris: [LOGOUT_URI] });
    const client = sdk();
    const tokens = await signInThroughSdk(client, await signUpAndSignIn(server));
    const url = client.buildLogoutUrl({ idToken: tokens.id_token, state: 'st' });
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${LOGOUT_URI}?state=st`);
    expect(await client.introspectToken(tokens.access_token)).toEqual({ active: false });
  });

  test('getProfile and getSecurityLevel', async () => {
    const client = sdk();
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    client.setAccessToken(user.token);
    expect(await client.getProfile({})).toMatchObject({ statusCode: 200, data: { userId: user.userId, email: user.email } });
    expect(await client.getSecurityLevel()).toMatchObject({ statusCode: 200, data: { mfaEnrolled: true, passwordSet: true, emailBinded: true, phoneBinded: false } });
  });

  test('verifyMfaToken after setAccessToken(mfaToken)', async () => {
    const client = sdk();
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    const login = await client.signInByEmailPassword({ email: user.email, password: user.password });
    const mfaToken = (login.data as unknown as { mfaToken: string }).mfaToken;
    client.setAccessToken(mfaToken);
    expect(await client.verifyMfaToken({ token: mfaToken })).toMatchObject({ active: true, userId: user.userId });
  });
});
