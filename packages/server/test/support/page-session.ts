import type { TestServer } from './test-server.js';

/** A sign-in as the hosted page makes it: its cookies, and the answer (whose token is blanked). */
export interface PageSession {
  /** The `cookie` header a browser would send back. */
  cookie: string;
  /** The CSRF token the page echoes in `x-csrf-token`. */
  csrf: string;
  setCookies: string[];
  body: { statusCode: number; apiCode?: number; data: Record<string, unknown> };
}

/** POST /api/v3/signin with `x-tessera-page: 1` and no client secret, as the page sends it. */
export async function signInFromPage(server: TestServer, email: string, password: string, appId = server.appId): Promise<PageSession> {
  const response = await fetch(new URL('/api/v3/signin', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-authing-app-id': appId, 'x-tessera-page': '1' },
    body: JSON.stringify({ connection: 'PASSWORD', passwordPayload: { email, password } }),
  });
  const setCookies = response.headers.getSetCookie();
  const value = (name: string) => setCookies.find((c) => c.startsWith(`${name}=`))?.split(';')[0]?.slice(name.length + 1) ?? '';
  return {
    cookie: `tessera_session=${value('tessera_session')}; tessera_csrf=${value('tessera_csrf')}`,
    csrf: value('tessera_csrf'),
    setCookies,
    body: (await response.json()) as PageSession['body'],
  };
}
