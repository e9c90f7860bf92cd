import { describe, expect, test } from 'vitest';
import { useTestServer } from '../support/use-test-server.js';

/** The hosted page's files: a strict CSP, never framed, no inline script, `/` leading to it. */
const { server } = useTestServer();

const fetchPage = (path: string) => fetch(new URL(path, server.url), { redirect: 'manual' });

describe('hosted page', () => {
  test('is served at /account under a CSP with no inline script and frame-ancestors none', async () => {
    const response = await fetchPage('/account');
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    // Every script has a src on the page's own origin: nothing inline, nothing external.
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="\/assets\//);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/https?:\/\//);
  });

  test('serves its assets with the same CSP and a long cache', async () => {
    const html = await (await fetchPage('/account')).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const response = await fetchPage(script);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('cache-control')).toContain('immutable');
  });

  test('/ leads to /account, keeping the query', async () => {
    const response = await fetchPage('/?app_id=abc');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/account?app_id=abc');
  });

  test('names the default app to a page that names none, and refuses an unknown one', async () => {
    const answer = await (await fetchPage('/page/app')).json();
    expect(answer).toMatchObject({ statusCode: 200, data: { appId: server.appId, name: 'Tessera' } });
    expect(JSON.stringify(answer)).not.toMatch(/secret/i);
    expect(await (await fetchPage('/page/app?app_id=nope')).json()).toMatchObject({ statusCode: 404, apiCode: 2011 });
  });
});
