import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { oauthPost, postCredentials, refreshWith, signInWithScope } from '../support/oidc.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

async function signedIn(scope = 'openid profile email offline_access') {
  const user = await signUpAndSignIn(server);
  return { user, tokens: await signInWithScope(server, user.email, user.password, scope) };
}
const listFactors = (token: string) => api(server, 'GET', '/api/v3/list-enrolled-factors', { token });

describe('discovery', () => {
  test('/oidc/.well-known/openid-configuration names every endpoint under the public URL', async () => {
    const answer = await api(server, 'GET', '/oidc/.well-known/openid-configuration');
    const base = `http://127.0.0.1:${server.config.port}/oidc`;
    expect(answer.body).toMatchObject({
      issuer: base,
      token_endpoint: `${base}/token`,
      revocation_endpoint: `${base}/token/revocation`,
      introspection_endpoint: `${base}/token/introspection`,
      userinfo_endpoint: `${base}/me`,
      end_session_endpoint: `${base}/session/end`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      grant_types_supported: expect.arrayContaining(['refresh_token']),
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic', 'none'],
    });
  });
});

describe('POST /oidc/token/revocation (RFC 7009)', () => {
  test('revoking the refresh token ends the session: refresh and access tokens stop working', async () => {
    const { tokens } = await signedIn();
    const answer = await oauthPost(server, '/oidc/token/revocation', { token: tokens.refresh_token!, ...postCredentials(server) });
    expect(answer.httpStatus).toBe(200);
    expect((await refreshWith(server, tokens.refresh_token!)).body).toMatchObject({ error: 'invalid_grant' });
    expect((await listFactors(tokens.access_token)).body.statusCode).toBe(401);
  });

  test('revoking the access token ends the session too', async () => {
    const { tokens } = await signedIn();
    await oauthPost(server, '/oidc/token/revocation', { token: tokens.access_token, token_type_hint: 'access_token', ...postCredentials(server) });
    expect((await listFactors(tokens.access_token)).body.statusCode).toBe(401);
    expect((await refreshWith(server, tokens.refresh_token!)).body).toMatchObject({ error: 'invalid_grant' });
  });

  test('an unknown token answers 200 and a missing one invalid_request', async () => {
    expect((await oauthPost(server, '/oidc/token/revocation', { token: 'nope', ...postCredentials(server) })).httpStatus).toBe(200);
    expect(await oauthPost(server, '/oidc/token/revocation', postCredentials(server))).toMatchObject({ httpStatus: 400, body: { error: 'invalid_request' } });
  });

  test("another client cannot revoke this client's tokens", async () => {
    const { tokens } = await signedIn();
    const other = await server.server.runtime.services.admin.createApp({ name: 'Other' });
    await oauthPost(server, '/oidc/token/revocation', { token: tokens.refresh_token!, client_id: other.app.id, client_secret: other.appSecret });
    await oauthPost(server, '/oidc/token/revocation', { token: tokens.access_token, client_id: other.app.id, client_secret: other.appSecret });
    expect((await listFactors(tokens.access_token)).body.statusCode).toBe(200);
  });

  test('a wrong client secret is invalid_client', async () => {
    const answer = await oauthPost(server, '/oidc/token/revocation', { token: 'x' }, { basic: { id: server.appId, secret: 'wrong' } });
    expect(answer).toMatchObject({ httpStatus: 401, body: { error: 'invalid_client' } });
    expect(answer.headers.get('www-authenticate')).toMatch(/^Basic/);
  });
});

describe('POST /oidc/token/introspection (RFC 7662)', () => {
  test('an access token: active with sub, scope, client_id, exp, amr, acr', async () => {
    const { user, tokens } = await signedIn();
    const answer = await oauthPost(server, '/oidc/token/introspection', { token: tokens.access_token, ...postCredentials(server) });
    expect(answer.body).toMatchObject({ active: true, token_type: 'access_token', sub: user.userId, client_id: server.appId, scope: tokens.scope, amr: ['pwd'], acr: 'aal1' });
  });

  test('a refresh token: active until rotated', async () => {
    const { user, tokens } = await signedIn();
    const introspect = () => oauthPost(server, '/oidc/token/introspection', { token: tokens.refresh_token!, ...postCredentials(server) });
    expect((await introspect()).body).toMatchObject({ active: true, token_type: 'refresh_token', sub: user.userId });
    await refreshWith(server, tokens.refresh_token!);
    expect((await introspect()).body).toEqual({ active: false });
  });

  test("another client's token, an unknown one and a revoked session's are {active: false}", async () => {
    const { tokens } = await signedIn();
    const other = await server.server.runtime.services.admin.createApp({ name: 'Other' });
    const byOther = await oauthPost(server, '/oidc/token/introspection', { token: tokens.access_token, client_id: other.app.id, client_secret: other.appSecret });
    expect(byOther.body).toEqual({ active: false });
    expect((await oauthPost(server, '/oidc/token/introspection', { token: 'nope', ...postCredentials(server) })).body).toEqual({ active: false });
    await oauthPost(server, '/oidc/token/revocation', { token: tokens.access_token, ...postCredentials(server) });
    expect((await oauthPost(server, '/oidc/token/introspection', { token: tokens.access_token, ...postCredentials(server) })).body).toEqual({ active: false });
  });
});

describe('GET /oidc/me (userinfo)', () => {
  test('claims filtered by the scope: email only with the email scope', async () => {
    const { user, tokens } = await signedIn('openid email');
    const answer = await api(server, 'GET', '/oidc/me', { appId: null, token: `Bearer ${tokens.access_token}` });
    expect(answer.body).toEqual({ sub: user.userId, email: user.email, email_verified: false });
    const narrow = await signedIn('openid');
    expect((await api(server, 'GET', '/oidc/me', { appId: null, query: { access_token: narrow.tokens.access_token } })).body).toEqual({ sub: narrow.user.userId });
  });

  test('an invalid or revoked token answers 401 invalid_token with WWW-Authenticate', async () => {
    const answer = await api(server, 'GET', '/oidc/me', { appId: null, token: 'Bearer nope' });
    expect(answer).toMatchObject({ httpStatus: 401, body: { error: 'invalid_token' } });
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });
});

describe('GET /oidc/session/end (logout)', () => {
  async function appWithLogoutUri() {
    return server.server.runtime.services.admin.createApp({ name: 'Web', postLogoutRedirectUris: ['https://app.example/signed-out'] });
  }

  test('ends the session of id_token_hint and redirects to the registered URI with state', async () => {
    const { tokens } = await signedIn();
    await server.server.runtime.services.admin.updateAppOidcSettings(server.appId, { postLogoutRedirectUris: ['https://app.example/bye'] });
    const url = new URL('/oidc/session/end', server.url);
    url.search = new URLSearchParams({ id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'https://app.example/bye', state: 's1' }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('https://app.example/bye?state=s1');
    expect((await listFactors(tokens.access_token)).body.statusCode).toBe(401);
    expect((await refreshWith(server, tokens.refresh_token!)).body).toMatchObject({ error: 'invalid_grant' });
  });

  test('an unregistered post_logout_redirect_uri is refused (no open redirect) and the session is kept', async () => {
    const { tokens } = await signedIn();
    const url = new URL('/oidc/session/end', server.url);
    url.search = new URLSearchParams({ id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'https://evil.example/' }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
    expect((await listFactors(tokens.access_token)).body.statusCode).toBe(200);
  });

  test("another app's registered URI is refused for this app's id token", async () => {
    const { tokens } = await signedIn();
    await appWithLogoutUri();
    const url = new URL('/oidc/session/end', server.url);
    url.search = new URLSearchParams({ id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'https://app.example/signed-out' }).toString();
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(400);
  });

  test('a forged id_token_hint is invalid_request; without a redirect the answer is a plain page', async () => {
    const { tokens } = await signedIn();
    const forged = `${tokens.id_token!.slice(0, -4)}AAAA`;
    expect((await api(server, 'GET', '/oidc/session/end', { query: { id_token_hint: forged } })).httpStatus).toBe(400);
    const done = await api(server, 'GET', '/oidc/session/end', { query: { id_token_hint: tokens.id_token! } });
    expect(done).toMatchObject({ httpStatus: 200, body: expect.stringContaining('signed out') });
  });
});

describe('GET /api/v3/get-profile and get-security-info', () => {
  test('get-profile answers the UserDto of the signed-in user', async () => {
    const user = await signUpAndSignIn(server);
    const answer = await api(server, 'GET', '/api/v3/get-profile', { token: user.token });
    expect(answer.body).toMatchObject({ statusCode: 200, data: { userId: user.userId, email: user.email } });
    expect(JSON.stringify(answer.body)).not.toMatch(/password/i);
  });

  test('get-security-info: mfaEnrolled and securityScore follow the bound factors', async () => {
    const user = await signUpAndSignIn(server);
    const before = (await api(server, 'GET', '/api/v3/get-security-info', { token: user.token })).body.data;
    expect(before).toEqual({ passwordSecurityLevel: 2, mfaEnrolled: false, passwordSet: true, emailBinded: true, phoneBinded: false, securityScore: 40 });
    await enrollOtp(server, user.token);
    const after = (await api(server, 'GET', '/api/v3/get-security-info', { token: user.token })).body.data;
    expect(after).toMatchObject({ mfaEnrolled: true, securityScore: 80 });
  });

  test('both need a signed-in user', async () => {
    expect((await api(server, 'GET', '/api/v3/get-profile')).body.statusCode).toBe(401);
    expect((await api(server, 'GET', '/api/v3/get-security-info', { token: 'nope' })).body.statusCode).toBe(401);
  });
});

