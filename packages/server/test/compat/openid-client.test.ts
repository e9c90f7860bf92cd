import * as oidc from 'openid-client';
import { describe, expect, test } from 'vitest';
import { signUpAndSignIn } from '../support/accounts.js';
import { freePort } from '../support/free-port.js';
import { ManualClock } from '../support/manual-clock.js';
import { signInWithScope } from '../support/oidc.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * A second real client: `openid-client` (the certified relying-party library) against Tessera's /oidc
 * endpoints. Its discovery checks that the document's issuer is the one asked for, so the server's public
 * URL is its real address, and its clock reads now (the library checks exp/iat with the real time).
 */
const { server } = useTestServer(async () => {
  const port = await freePort();
  return { config: { port, publicUrl: `http://127.0.0.1:${port}` }, clock: new ManualClock(Date.now()) };
});

const LOGOUT_URI = 'https://rp.example/signed-out';

async function discover(auth: 'post' | 'basic' = 'post') {
  await server.server.runtime.services.admin.updateAppOidcSettings(server.appId, { postLogoutRedirectUris: [LOGOUT_URI] });
  const clientAuth = auth === 'post' ? oidc.ClientSecretPost(server.appSecret) : oidc.ClientSecretBasic(server.appSecret);
  return oidc.discovery(new URL(`${server.url}/oidc`), server.appId, undefined, clientAuth, { execute: [oidc.allowInsecureRequests] });
}

async function signedIn() {
  const user = await signUpAndSignIn(server);
  return { user, tokens: await signInWithScope(server, user.email, user.password, 'openid profile email offline_access') };
}

describe('openid-client against Tessera', () => {
  test('discovery: the issuer and every endpoint', async () => {
    const config = await discover();
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(`${server.url}/oidc`);
    expect(metadata.token_endpoint).toBe(`${server.url}/oidc/token`);
    expect(metadata.end_session_endpoint).toBe(`${server.url}/oidc/session/end`);
  });

  test('refresh (client_secret_post and client_secret_basic), with a validated id token', async () => {
    const { user, tokens } = await signedIn();
    const first = await oidc.refreshTokenGrant(await discover('post'), tokens.refresh_token!);
    expect(first.claims()).toMatchObject({ sub: user.userId, acr: 'aal1', amr: ['pwd'] });
    const second = await oidc.refreshTokenGrant(await discover('basic'), first.refresh_token!);
    expect(second.access_token).toEqual(expect.any(String));
  });

  test('introspection, userinfo, revocation', async () => {
    const config = await discover();
    const { user, tokens } = await signedIn();
    expect(await oidc.tokenIntrospection(config, tokens.access_token)).toMatchObject({ active: true, sub: user.userId, client_id: server.appId });
    expect(await oidc.fetchUserInfo(config, tokens.access_token, user.userId)).toMatchObject({ sub: user.userId, email: user.email });
    await oidc.tokenRevocation(config, tokens.refresh_token!);
    expect(await oidc.tokenIntrospection(config, tokens.access_token)).toEqual({ active: false });
  });

  test('the logout URL ends the session and redirects to the registered URI', async () => {
    const config = await discover();
    const { tokens } = await signedIn();
    const url = oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: LOGOUT_URI, state: 'xyz' });
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.headers.get('location')).toBe(`${LOGOUT_URI}?state=xyz`);
    expect(await oidc.tokenIntrospection(config, tokens.access_token)).toEqual({ active: false });
  });
});
