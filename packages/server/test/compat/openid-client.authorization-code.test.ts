import * as oidc from 'openid-client';
import { expect, test } from 'vitest';
import { signUpAndSignIn } from '../support/accounts.js';
import { freePort } from '../support/free-port.js';
import { ManualClock } from '../support/manual-clock.js';
import { signInFromPage } from '../support/page-session.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * The certified relying-party library through the hosted login: it builds the authorization URL (PKCE
 * S256, nonce, state), and validates the callback (state, RFC 9207 iss) and the id token (signature,
 * issuer, audience, nonce) of the code it exchanges. Real time, real address: it checks both.
 */
const { server } = useTestServer(async () => {
  const port = await freePort();
  return { config: { port, publicUrl: `http://127.0.0.1:${port}` }, clock: new ManualClock(Date.now()) };
});

const REDIRECT_URI = 'https://rp.example/callback';

test('openid-client: authorization code with PKCE through a page session, id token validated', async () => {
  await server.server.runtime.services.admin.updateAppOidcSettings(server.appId, { redirectUris: [REDIRECT_URI] });
  const config = await oidc.discovery(new URL(`${server.url}/oidc`), server.appId, undefined, oidc.ClientSecretPost(server.appSecret), {
    execute: [oidc.allowInsecureRequests],
  });
  const verifier = oidc.randomPKCECodeVerifier();
  const nonce = oidc.randomNonce();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile email',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    nonce,
    state,
  });

  const user = await signUpAndSignIn(server);
  const { cookie } = await signInFromPage(server, user.email, user.password);
  const answer = await fetch(url, { redirect: 'manual', headers: { cookie } });
  expect(answer.status).toBe(302);

  const tokens = await oidc.authorizationCodeGrant(config, new URL(answer.headers.get('location')!), {
    pkceCodeVerifier: verifier,
    expectedNonce: nonce,
    expectedState: state,
    idTokenExpected: true,
  });
  expect(tokens.claims()).toMatchObject({ sub: user.userId, aud: server.appId, nonce, amr: ['pwd'] });
});
