import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { claimsOf, verifyTotp } from '../support/mfa.js';
import { oauthPost, refreshWith, signInWithScope } from '../support/oidc.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();
const FULL_SCOPE = 'openid profile email offline_access';

async function freshTokens(scope = FULL_SCOPE) {
  const user = await signUpAndSignIn(server);
  return { user, tokens: await signInWithScope(server, user.email, user.password, scope) };
}

describe('sign-in tokens by scope', () => {
  test('offline_access brings a refresh token and openid an id token with amr, acr, auth_time and sid', async () => {
    const { user, tokens } = await freshTokens();
    expect(tokens.refresh_token).toMatch(/^[\w-]{43}$/);
    const id = claimsOf(tokens.id_token!);
    expect(id).toMatchObject({ sub: user.userId, aud: server.appId, amr: ['pwd'], acr: 'aal1', sid: claimsOf(tokens.access_token).sid, email: user.email });
    expect(id.auth_time).toEqual(expect.any(Number));
  });

  test('without offline_access there is no refresh token, without openid no id token', async () => {
    const { tokens } = await freshTokens('profile');
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.id_token).toBeUndefined();
  });

  test('a user with OTP gets the refresh and id tokens from the V2 redemption, at aal2', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const login = await api(server, 'POST', '/api/v3/signin', {
      body: { connection: 'PASSWORD', passwordPayload: { email: user.email, password: user.password }, options: { scope: FULL_SCOPE }, client_id: server.appId, client_secret: server.appSecret },
    });
    const done = await verifyTotp(server, login.body.data.mfaToken, otp.codeAt(server.clock.now()));
    expect(claimsOf(done.body.data.id_token)).toMatchObject({ acr: 'aal2', amr: ['pwd', 'otp', 'mfa'] });
    const refreshed = await refreshWith(server, done.body.data.refresh_token);
    expect(claimsOf(refreshed.body.access_token)).toMatchObject({ acr: 'aal2', amr: ['pwd', 'otp', 'mfa'] });
  });

  test('AZ-06: a refresh after the idle time gets aal1 — refreshing never restores a lapsed elevation', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const login = await api(server, 'POST', '/api/v3/signin', {
      body: { connection: 'PASSWORD', passwordPayload: { email: user.email, password: user.password }, options: { scope: 'offline_access' }, client_id: server.appId, client_secret: server.appSecret },
    });
    const done = await verifyTotp(server, login.body.data.mfaToken, otp.codeAt(server.clock.now()));
    server.clock.advanceSeconds(31 * 60);
    const refreshed = await refreshWith(server, done.body.data.refresh_token);
    expect(claimsOf(refreshed.body.access_token)).toMatchObject({ acr: 'aal1' });
  });
});

describe('POST /oidc/token grant_type=refresh_token', () => {
  test('client_secret_post: new access, refresh and id tokens; the access token works', async () => {
    const { tokens } = await freshTokens();
    const answer = await refreshWith(server, tokens.refresh_token!);
    expect(answer.httpStatus).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 7200, scope: FULL_SCOPE, id_token: expect.any(String) });
    expect(answer.body.refresh_token).not.toBe(tokens.refresh_token);
    expect((await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: answer.body.access_token })).body.statusCode).toBe(200);
  });

  test('client_secret_basic is accepted', async () => {
    const { tokens } = await freshTokens();
    const answer = await oauthPost(server, '/oidc/token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! }, { basic: { id: server.appId, secret: server.appSecret } });
    expect(answer.httpStatus).toBe(200);
  });

  test('a refreshed token keeps the aal1 of a password-only session: refresh never raises assurance', async () => {
    const { tokens } = await freshTokens();
    const answer = await refreshWith(server, tokens.refresh_token!);
    expect(claimsOf(answer.body.access_token)).toMatchObject({ acr: 'aal1', amr: ['pwd'], sid: claimsOf(tokens.access_token).sid });
  });

  test('a narrower scope is granted, a wider one is invalid_scope', async () => {
    const { tokens } = await freshTokens();
    const narrower = await refreshWith(server, tokens.refresh_token!, { scope: 'openid offline_access' });
    expect(narrower.body).toMatchObject({ scope: 'openid offline_access' });
    const wider = await refreshWith(server, narrower.body.refresh_token, { scope: `${FULL_SCOPE} phone` });
    expect(wider).toMatchObject({ httpStatus: 400, body: { error: 'invalid_scope' } });
  });

  test.each([
    ['a wrong secret', 401, 'invalid_client', { client_secret: 'wrong' }],
    ['no secret for a confidential client', 401, 'invalid_client', { client_secret: '' }],
    ['an unknown client', 401, 'invalid_client', { client_id: 'nobody' }],
    ['no grant_type', 400, 'invalid_request', { grant_type: '' }],
    ['an unknown grant_type', 400, 'unsupported_grant_type', { grant_type: 'password' }],
    ['no refresh_token', 400, 'invalid_request', { refresh_token: '' }],
    ['an unknown refresh_token', 400, 'invalid_grant', { refresh_token: 'x'.repeat(43) }],
  ])('%s answers %i %s', async (_name, status, error, override) => {
    const { tokens } = await freshTokens();
    const params = { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: server.appId, client_secret: server.appSecret, ...override };
    const answer = await oauthPost(server, '/oidc/token', Object.fromEntries(Object.entries(params).filter(([, value]) => value !== '')));
    expect(answer).toMatchObject({ httpStatus: status, body: { error, error_description: expect.any(String) } });
  });

  test('a parameter sent twice is invalid_request', async () => {
    const response = await fetch(new URL('/oidc/token', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=refresh_token&grant_type=refresh_token&client_id=${server.appId}`,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  test('a body that is not a form is invalid_request', async () => {
    const response = await fetch(new URL('/oidc/token', server.url), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'grant_type=refresh_token' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  test("another app's refresh token is invalid_grant", async () => {
    const { tokens } = await freshTokens();
    const other = await server.server.runtime.services.admin.createApp({ name: 'Other' });
    const answer = await oauthPost(server, '/oidc/token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: other.app.id, client_secret: other.appSecret });
    expect(answer).toMatchObject({ httpStatus: 400, body: { error: 'invalid_grant' } });
  });

  test('a public client (token endpoint auth method none) refreshes with its client_id alone', async () => {
    const { app } = await server.server.runtime.services.admin.createApp({ name: 'SPA', tokenEndpointAuthMethod: 'none' });
    const user = await signUpAndSignIn(server);
    const login = await api(server, 'POST', '/api/v3/signin', {
      appId: app.id,
      body: { connection: 'PASSWORD', passwordPayload: { email: user.email, password: user.password }, options: { scope: 'offline_access' } },
    });
    const answer = await oauthPost(server, '/oidc/token', { grant_type: 'refresh_token', refresh_token: login.body.data.refresh_token, client_id: app.id });
    expect(answer.httpStatus).toBe(200);
  });

  test('a refresh token stops working when its session ends (a factor reset ends the other sessions)', async () => {
    const { user, tokens } = await freshTokens();
    await server.server.runtime.store.sessions.revokeOthers(user.userId, null, server.clock.now());
    expect(await refreshWith(server, tokens.refresh_token!)).toMatchObject({ httpStatus: 400, body: { error: 'invalid_grant' } });
  });

  test('the refresh token is stored only as a hash', async () => {
    const { tokens } = await freshTokens();
    const rows = await server.server.runtime.store.db.selectFrom('refresh_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(tokens.refresh_token);
  });
});
