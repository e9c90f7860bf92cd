import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny OIDC relying party, as a single-page app's backend would be: `/login` sends the browser to the
 * authorization endpoint with state, nonce and a PKCE S256 challenge; `/callback` checks the state,
 * exchanges the code at the token endpoint as a public client and shows who signed in.
 */
export interface RelyingParty {
  url: string;
  redirectUri: string;
  /** What the callback received from the token endpoint, per completed sign-in. */
  tokens: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startRelyingParty(options: { issuerUrl: string; clientId: () => string }): Promise<RelyingParty> {
  const pending = new Map<string, { verifier: string; nonce: string }>();
  const tokens: Array<Record<string, unknown>> = [];
  let redirectUri = '';
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', redirectUri);
    const send = (status: number, html: string) => {
      response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="en"><title>RP</title><main>${html}</main></html>`);
    };
    if (url.pathname === '/login') {
      const state = randomBytes(16).toString('base64url');
      const verifier = randomBytes(32).toString('base64url');
      const nonce = randomBytes(16).toString('base64url');
      pending.set(state, { verifier, nonce });
      const authorize = new URL('/oidc/auth', options.issuerUrl);
      const params = {
        response_type: 'code',
        client_id: options.clientId(),
        redirect_uri: redirectUri,
        scope: 'openid profile email',
        state,
        nonce,
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
      };
      for (const [name, value] of Object.entries(params)) authorize.searchParams.set(name, value);
      response.writeHead(302, { location: authorize.toString() }).end();
      return;
    }
    if (url.pathname === '/callback') {
      const state = url.searchParams.get('state') ?? '';
      const started = pending.get(state);
      pending.delete(state);
      const code = url.searchParams.get('code');
      if (!started || !code) return send(400, `<h1>Sign-in failed</h1><p>${url.searchParams.get('error') ?? 'bad state'}</p>`);
      void fetch(new URL('/oidc/token', options.issuerUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: options.clientId(), code, redirect_uri: redirectUri, code_verifier: started.verifier }),
      })
        .then(async (answer) => {
          const body = (await answer.json()) as Record<string, unknown>;
          if (answer.status !== 200) return send(400, `<h1>Sign-in failed</h1><p>${String(body.error)}</p>`);
          tokens.push({ ...body, expectedNonce: started.nonce });
          send(200, '<h1>Signed in at the relying party</h1>');
        })
        .catch(() => send(500, '<h1>Token endpoint unreachable</h1>'));
      return;
    }
    send(404, '<h1>Not found</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  redirectUri = `${url}/callback`;
  return {
    url,
    redirectUri,
    tokens,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
