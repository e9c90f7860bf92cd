/**
 * Threat: cross-site request forgery against the hosted page's cookie session. Another site makes the
 * victim's browser post to Tessera (a form, an image, fetch in no-cors mode): the browser attaches the
 * session cookie, so the cookie alone must never be enough. The page's calls carry `x-tessera-page: 1`
 * (a custom header, which needs a CORS preflight Tessera never grants) and every state-changing one the
 * CSRF token bound to the session; the token itself never reaches a script (HttpOnly cookie).
 */
import { request as httpRequest } from 'node:http';
import { describe, expect, test } from 'vitest';
import { signUpAndSignIn } from '../support/accounts.js';
import { signInFromPage } from '../support/page-session.js';
import { useTestServer } from '../support/use-test-server.js';

const fixture = useTestServer({}, async (server) => ({ user: await signUpAndSignIn(server) }));
const { server } = fixture;

const signIn = () => signInFromPage(server, fixture.user.email, fixture.user.password);

async function callWithCookie(method: 'GET' | 'POST', path: string, cookie: string, headers: Record<string, string> = {}) {
  const response = await fetch(new URL(path, server.url), {
    method,
    headers: { 'x-authing-app-id': server.appId, cookie, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(method === 'POST' ? { body: '{}' } : {}),
  });
  return (await response.json()) as { statusCode: number; apiCode?: number };
}

describe('the page session cookie', () => {
  test('holds the access token HttpOnly and SameSite=Lax, and the answer no longer carries it', async () => {
    const session = await signIn();
    expect(session.body).toMatchObject({ statusCode: 200, data: { access_token: '' } });
    const sessionCookie = session.setCookies.find((c) => c.startsWith('tessera_session='))!;
    expect(sessionCookie).toMatch(/; HttpOnly/);
    expect(sessionCookie).toMatch(/; SameSite=Lax/);
    expect(sessionCookie).not.toMatch(/; Secure/);
    expect(session.setCookies.find((c) => c.startsWith('tessera_csrf='))).not.toMatch(/HttpOnly/);
  });

  test('is Secure when the page is not served on loopback', async () => {
    // fetch() will not send another Host: a raw request does, as a reverse proxy would.
    const setCookies = await new Promise<string[]>((resolve, reject) => {
      const body = JSON.stringify({ connection: 'PASSWORD', passwordPayload: { email: fixture.user.email, password: fixture.user.password } });
      const request = httpRequest(new URL('/api/v3/signin', server.url), {
        method: 'POST',
        headers: { host: 'tessera.example.com', 'content-type': 'application/json', 'x-authing-app-id': server.appId, 'x-tessera-page': '1' },
      }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.headers['set-cookie'] ?? []));
      });
      request.on('error', reject);
      request.end(body);
    });
    expect(setCookies).toHaveLength(2);
    for (const cookie of setCookies) expect(cookie).toMatch(/; Secure/);
  });

  test('authenticates nothing without the page header (a cross-site form cannot send it)', async () => {
    const { cookie } = await signIn();
    expect(await callWithCookie('GET', '/api/v3/list-enrolled-factors', cookie)).toMatchObject({ statusCode: 401 });
  });

  test('reads with the page header, no CSRF token needed for a GET', async () => {
    const { cookie } = await signIn();
    expect(await callWithCookie('GET', '/api/v3/list-enrolled-factors', cookie, { 'x-tessera-page': '1' })).toMatchObject({ statusCode: 200 });
  });
});

describe('CSRF: a state-changing call with the cookie', () => {
  test('is refused without the CSRF token', async () => {
    const { cookie } = await signIn();
    expect(await callWithCookie('POST', '/page/sign-out-others', cookie, { 'x-tessera-page': '1' })).toMatchObject({ statusCode: 403, apiCode: 46130 });
  });

  test("is refused with another session's CSRF token", async () => {
    const mine = await signIn();
    const theirs = await signIn();
    const answer = await callWithCookie('POST', '/page/sign-out-others', mine.cookie, { 'x-tessera-page': '1', 'x-csrf-token': theirs.csrf });
    expect(answer).toMatchObject({ statusCode: 403, apiCode: 46130 });
  });

  test('is accepted with the CSRF token of its session', async () => {
    const { cookie, csrf } = await signIn();
    expect(await callWithCookie('POST', '/page/sign-out-others', cookie, { 'x-tessera-page': '1', 'x-csrf-token': csrf })).toMatchObject({ statusCode: 200 });
  });

  test('signing out revokes the session server-side, not only in the browser', async () => {
    const { cookie, csrf } = await signIn();
    const page = { 'x-tessera-page': '1', 'x-csrf-token': csrf };
    expect(await callWithCookie('POST', '/page/sign-out', cookie, page)).toMatchObject({ statusCode: 200 });
    expect(await callWithCookie('GET', '/api/v3/list-enrolled-factors', cookie, page)).toMatchObject({ statusCode: 401 });
  });
});
