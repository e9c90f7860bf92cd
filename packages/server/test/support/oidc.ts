import { api } from './api.js';
import type { TestServer } from './test-server.js';

export interface OAuthAnswer {
  httpStatus: number;
  headers: Headers;
  body: any;
}

/** A form-encoded POST to a standard /oidc endpoint, with client credentials in the body or a Basic header. */
export async function oauthPost(
  server: TestServer,
  path: string,
  params: Record<string, string>,
  client: { basic?: { id: string; secret: string } } = {},
): Promise<OAuthAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (client.basic) headers.authorization = `Basic ${Buffer.from(`${client.basic.id}:${client.basic.secret}`).toString('base64')}`;
  const response = await fetch(new URL(path, server.url), { method: 'POST', headers, body: new URLSearchParams(params).toString() });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // empty (revocation) or plain text
  }
  return { httpStatus: response.status, headers: response.headers, body };
}

/** The default app's credentials in the body (client_secret_post). */
export const postCredentials = (server: TestServer) => ({ client_id: server.appId, client_secret: server.appSecret });

/** grant_type=refresh_token with client_secret_post. */
export function refreshWith(server: TestServer, refreshToken: string, extra: Record<string, string> = {}) {
  return oauthPost(server, '/oidc/token', { grant_type: 'refresh_token', refresh_token: refreshToken, ...postCredentials(server), ...extra });
}

/** Signs in with a password and a scope; answers the V3 token data (access_token, refresh_token, id_token…). */
export async function signInWithScope(server: TestServer, email: string, password: string, scope: string) {
  const answer = await api(server, 'POST', '/api/v3/signin', {
    body: { connection: 'PASSWORD', passwordPayload: { email, password }, options: { scope }, client_id: server.appId, client_secret: server.appSecret },
  });
  if (answer.body.statusCode !== 200) throw new Error(`signin failed: ${JSON.stringify(answer.body)}`);
  return answer.body.data as { access_token: string; refresh_token?: string; id_token?: string; scope: string; expire_in: number };
}
