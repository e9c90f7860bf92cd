import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { oauthPost, postCredentials, refreshWith, signInWithScope } from '../support/oidc.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

async function rotatedOnce() {
  const user = await signUpAndSignIn(server);
  const first = await signInWithScope(server, user.email, user.password, 'openid offline_access');
  const second = (await refreshWith(server, first.refresh_token!)).body;
  return { user, first, second };
}

describe('refresh-token reuse (OAuth 2.0 Security BCP §4.14.2)', () => {
  test('replaying a rotated refresh token revokes the whole family and the session', async () => {
    const { second, first } = await rotatedOnce();
    // The thief (or the victim) presents the already-rotated token:
    expect(await refreshWith(server, first.refresh_token!)).toMatchObject({ httpStatus: 400, body: { error: 'invalid_grant' } });
    // Its successor is dead too, and so is every access token of the session.
    expect(await refreshWith(server, second.refresh_token)).toMatchObject({ httpStatus: 400, body: { error: 'invalid_grant' } });
    expect((await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: second.access_token })).body.statusCode).toBe(401);
    expect((await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: first.access_token })).body.statusCode).toBe(401);
  });

  test('the reuse is audited', async () => {
    const { user, first } = await rotatedOnce();
    await refreshWith(server, first.refresh_token!);
    const events = await server.server.runtime.services.admin.listAudit({ userId: user.userId, limit: 10 });
    expect(events.map((event) => event.type)).toContain('refresh-token.reuse');
  });

  test('of concurrent presentations of one refresh token at most one gets tokens', async () => {
    const user = await signUpAndSignIn(server);
    const tokens = await signInWithScope(server, user.email, user.password, 'offline_access');
    const answers = await Promise.all(Array.from({ length: 5 }, () => refreshWith(server, tokens.refresh_token!)));
    expect(answers.filter((answer) => answer.httpStatus === 200).length).toBeLessThanOrEqual(1);
  });

  test('sessions of other sign-ins of the same user survive', async () => {
    const { user, first } = await rotatedOnce();
    const other = await signInWithScope(server, user.email, user.password, 'offline_access');
    await refreshWith(server, first.refresh_token!);
    expect((await refreshWith(server, other.refresh_token!)).httpStatus).toBe(200);
  });
});

describe('refresh tokens never leak through the log', () => {
  test('sign-in, refresh, introspection, userinfo and revocation write no token to the log (request URLs of these routes stay out of it)', async () => {
    const user = await signUpAndSignIn(server);
    const first = await signInWithScope(server, user.email, user.password, 'openid offline_access');
    const second = (await refreshWith(server, first.refresh_token!)).body;
    await api(server, 'GET', '/oidc/me', { query: { access_token: second.access_token } });
    await oauthPost(server, '/oidc/token/introspection', { token: second.refresh_token, ...postCredentials(server) });
    await oauthPost(server, '/oidc/token/revocation', { token: second.refresh_token, ...postCredentials(server) });
    const log = server.logs.text();
    for (const secret of [first.refresh_token!, second.refresh_token, second.access_token, server.appSecret]) expect(log).not.toContain(secret);
  });
});
