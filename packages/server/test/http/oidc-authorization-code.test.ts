import { createHash, randomBytes } from 'node:crypto';
import { AuthenticationClient } from 'authing-node-sdk';
import { decodeJwt } from 'jose';
import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn, type SignedInUser } from '../support/accounts.js';
import { oauthPost } from '../support/oidc.js';
import { signInFromPage } from '../support/page-session.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * GET /oidc/auth and grant_type=authorization_code (RFC 6749 §4.1, RFC 7636 PKCE, RFC 9207 iss): a code
 * only for a live page session of the client's app, only to a registered redirect URI, single use, 60 s.
 */
const REDIRECT_URI = 'http://127.0.0.1:9/callback';

const fixture = useTestServer({}, async (server) => {
  const { services } = server.server.runtime;
  const publicClient = await services.admin.createApp({ name: 'SPA', tokenEndpointAuthMethod: 'none', redirectUris: [REDIRECT_URI] });
  await services.admin.updateAppOidcSettings(server.appId, { redirectUris: [REDIRECT_URI] });
  return { publicAppId: publicClient.app.id, user: await signUpAndSignIn(server) };
});
const { server } = fixture;

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(params: Record<string, string>): URL {
  const url = new URL('/oidc/auth', server.url);
  for (const [name, value] of Object.entries({ response_type: 'code', redirect_uri: REDIRECT_URI, scope: 'openid profile', state: 'st-1', ...params })) {
    url.searchParams.set(name, value);
  }
  return url;
}

async function authorize(params: Record<string, string>, cookie?: string) {
  const response = await fetch(authorizeUrl(params), { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const location = response.headers.get('location');
  return { status: response.status, location: location ? new URL(location) : undefined, response };
}

/** A page session of the public client's app, then a code for it with a fresh PKCE pair. */
async function codeForPublicClient(user: SignedInUser = fixture.user, extra: Record<string, string> = {}) {
  const session = await signInFromPage(server, user.email, user.password, fixture.publicAppId);
  const { verifier, challenge } = pkce();
  const answer = await authorize({ client_id: fixture.publicAppId, code_challenge: challenge, code_challenge_method: 'S256', nonce: 'n-1', ...extra }, session.cookie);
  expect(answer.status).toBe(302);
  return { code: answer.location!.searchParams.get('code')!, verifier, location: answer.location!, session };
}

const exchange = (code: string, verifier: string | undefined, extra: Record<string, string> = {}) =>
  oauthPost(server, '/oidc/token', {
    grant_type: 'authorization_code',
    client_id: fixture.publicAppId,
    code,
    redirect_uri: REDIRECT_URI,
    ...(verifier ? { code_verifier: verifier } : {}),
    ...extra,
  });

describe('GET /oidc/auth refuses without redirecting', () => {
  test.each([
    ['an unknown client', { client_id: 'nope' }],
    ['a redirect URI that is not registered', { client_id: 'PUBLIC', redirect_uri: 'https://evil.example/callback' }],
  ])('%s: 400, no Location', async (_name, params) => {
    const answer = await authorize({ ...params, client_id: params.client_id === 'PUBLIC' ? fixture.publicAppId : params.client_id });
    expect(answer.status).toBe(400);
    expect(answer.location).toBeUndefined();
  });
});

describe('GET /oidc/auth redirects errors to the client', () => {
  test.each([
    ['a public client without PKCE', {}, 'invalid_request'],
    ['the plain PKCE method', { code_challenge: pkce().challenge, code_challenge_method: 'plain' }, 'invalid_request'],
    ['a response type other than code', { response_type: 'token', code_challenge: pkce().challenge, code_challenge_method: 'S256' }, 'unsupported_response_type'],
    ['prompt=none without a session', { prompt: 'none', code_challenge: pkce().challenge, code_challenge_method: 'S256' }, 'login_required'],
  ])('%s → error=%s… with state and iss', async (_name, params, error) => {
    const answer = await authorize({ client_id: fixture.publicAppId, ...params });
    expect(answer.status).toBe(302);
    expect(answer.location!.origin + answer.location!.pathname).toBe(REDIRECT_URI);
    expect(answer.location!.searchParams.get('error')).toBe(error);
    expect(answer.location!.searchParams.get('state')).toBe('st-1');
    expect(answer.location!.searchParams.get('iss')).toBe(server.server.runtime.services.issuer);
  });
});

describe('the code flow', () => {
  test('without a session, /oidc/auth shows the hosted sign-in under the page CSP', async () => {
    const answer = await authorize({ client_id: fixture.publicAppId, code_challenge: pkce().challenge, code_challenge_method: 'S256' });
    expect(answer.status).toBe(200);
    expect(answer.response.headers.get('content-type')).toMatch(/text\/html/);
    expect(answer.response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  test('with a page session, redirects with a code, the state and iss; the code buys tokens of that session, with the nonce', async () => {
    const { code, verifier, location } = await codeForPublicClient();
    expect(location.searchParams.get('state')).toBe('st-1');
    const tokens = await exchange(code, verifier);
    expect(tokens.httpStatus).toBe(200);
    expect(tokens.body).toMatchObject({ token_type: 'Bearer', scope: 'openid profile' });
    expect(decodeJwt(tokens.body.id_token)).toMatchObject({ sub: fixture.user.userId, aud: fixture.publicAppId, nonce: 'n-1' });
    const factors = await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: tokens.body.access_token, appId: fixture.publicAppId });
    expect(factors.body.statusCode).toBe(200);
  });

  test('prompt=login shows the sign-in even with a session', async () => {
    const session = await signInFromPage(server, fixture.user.email, fixture.user.password, fixture.publicAppId);
    const answer = await authorize({ client_id: fixture.publicAppId, code_challenge: pkce().challenge, code_challenge_method: 'S256', prompt: 'login' }, session.cookie);
    expect(answer.status).toBe(200);
  });

  test('a session of another app is no session for this client', async () => {
    const session = await signInFromPage(server, fixture.user.email, fixture.user.password);
    const answer = await authorize({ client_id: fixture.publicAppId, code_challenge: pkce().challenge, code_challenge_method: 'S256' }, session.cookie);
    expect(answer.status).toBe(200);
  });

  test.each([
    ['a wrong code_verifier', (verifier: string) => ({ verifier: pkce().verifier, extra: {} as Record<string, string> }), 'invalid_grant'],
    ['no code_verifier', () => ({ verifier: undefined, extra: {} }), 'invalid_grant'],
    ['another redirect_uri', (verifier: string) => ({ verifier, extra: { redirect_uri: 'http://127.0.0.1:9/other' } }), 'invalid_grant'],
  ])('refuses %s', async (_name, variant, error) => {
    const { code, verifier } = await codeForPublicClient();
    const { verifier: sent, extra } = variant(verifier);
    const answer = await exchange(code, sent, extra);
    expect(answer.httpStatus).toBe(400);
    expect(answer.body.error).toBe(error);
  });

  test('a code expires after 60 s', async () => {
    const { code, verifier } = await codeForPublicClient();
    server.clock.advanceSeconds(61);
    expect((await exchange(code, verifier)).body.error).toBe('invalid_grant');
  });

  test('discovery names the authorization endpoint, the code grant and S256', async () => {
    const document = await (await fetch(new URL('/oidc/.well-known/openid-configuration', server.url))).json();
    expect(document).toMatchObject({
      authorization_endpoint: expect.stringMatching(/\/oidc\/auth$/),
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      grant_types_supported: expect.arrayContaining(['authorization_code', 'refresh_token']),
    });
  });
});

describe('authorization code replay (RFC 6749 §4.1.2)', () => {
  test('a code is exchanged once; presenting it again is refused and ends the session its tokens came from', async () => {
    const { code, verifier } = await codeForPublicClient();
    const first = await exchange(code, verifier);
    expect(first.httpStatus).toBe(200);
    const again = await exchange(code, verifier);
    expect(again.body.error).toBe('invalid_grant');
    const factors = await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: first.body.access_token, appId: fixture.publicAppId });
    expect(factors.body.statusCode).toBe(401);
  });

  test('of two concurrent exchanges of one code, exactly one gets tokens', async () => {
    const { code, verifier } = await codeForPublicClient();
    const answers = await Promise.all([exchange(code, verifier), exchange(code, verifier)]);
    expect(answers.map((answer) => answer.httpStatus).sort()).toEqual([200, 400]);
  });
});

describe('the official Node SDK as a confidential client', () => {
  test('buildAuthorizeUrl, then getAccessTokenByCode with client_secret_post', async () => {
    const client = new AuthenticationClient({ appId: server.appId, appSecret: server.appSecret, appHost: server.url, redirectUri: REDIRECT_URI });
    const { url, state, nonce } = client.buildAuthorizeUrl({ scope: 'openid profile' });
    const session = await signInFromPage(server, fixture.user.email, fixture.user.password);
    const answer = await fetch(url, { redirect: 'manual', headers: { cookie: session.cookie } });
    const location = new URL(answer.headers.get('location')!);
    expect(location.searchParams.get('state')).toBe(state);
    const tokens = (await client.getAccessTokenByCode(location.searchParams.get('code')!)) as { access_token: string; id_token: string };
    expect(decodeJwt(tokens.id_token)).toMatchObject({ sub: fixture.user.userId, nonce });
  });
});
