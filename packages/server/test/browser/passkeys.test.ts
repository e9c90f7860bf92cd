import { createServer } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { signUpAndSignIn } from '../support/accounts.js';
import { checkScreen, finishPage as finish, openPage, signInWithPassword, useBrowser, type PageUnderTest } from '../support/browser.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * Passkeys on the hosted page in Debian's Chromium, through its virtual authenticator (the DevTools
 * `WebAuthn` domain): bind, rename, the sign-in second step, passwordless sign-in, remove.
 *
 * WebAuthn refuses an IP address as RP id, so the page runs at http://localhost:<port> and the server's
 * TESSERA_PUBLIC_URL says so: its host is the default RP id and the URL the only allowed origin.
 */
const { server } = useTestServer(
  async () => {
    const port = await freePort();
    return { config: { port, publicUrl: `http://localhost:${port}` } };
  },
  async (started) => {
    await started.server.runtime.services.admin.updateApp(started.appId, { enabledFactors: ['OTP', 'SMS', 'EMAIL', 'PASSKEY'] });
    return {};
  },
);
const chromium = useBrowser();

/** A port free right now, for a server whose public URL must name it before it starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const pageUrl = () => `http://localhost:${new URL(server.url).port}`;

/** A platform authenticator with discoverable credentials and user verification (a phone's or laptop's). */
async function addVirtualAuthenticator(context: BrowserContext, page: Page, options: { userVerified?: boolean } = {}): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: options.userVerified ?? true,
      automaticPresenceSimulation: true,
    },
  });
}

async function open(locale = 'en-US'): Promise<PageUnderTest> {
  const opened = await openPage(chromium.browser, pageUrl(), { locale });
  await addVirtualAuthenticator(opened.context, opened.page);
  await opened.page.goto('/account');
  return opened;
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.getByRole('heading', { name: 'Sign in to Tessera' }).waitFor();
}

/** The aal of the page's current session, as /page/sessions reports it. */
async function currentAal(page: Page): Promise<string> {
  return page.evaluate(async (appId) => {
    const answer = await fetch('/page/sessions', { headers: { 'x-tessera-page': '1', 'x-authing-app-id': appId } });
    const json = (await answer.json()) as { data?: Array<{ current: boolean; aal: string }> };
    return json.data?.find((session) => session.current)?.aal ?? JSON.stringify(json);
  }, server.appId);
}

describe('passkeys on the hosted page in Chromium', () => {
  test('binds and renames a passkey, signs in with password + passkey, then without a password, then removes it', async () => {
    const { email } = await signUpAndSignIn(server);
    const opened = await open();
    const { page } = opened;

    await page.getByRole('heading', { name: 'Sign in to Tessera' }).waitFor();
    await signInWithPassword(page, email);
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    const bindPanel = page.locator('.bind-panel[data-factor="PASSKEY"]');
    await bindPanel.getByLabel('Passkey name').fill('Test laptop');
    await checkScreen(page, 'passkey-bind');
    await bindPanel.getByRole('button', { name: 'Create a passkey' }).click();
    const passkeys = page.locator('li.factor[data-factor="PASSKEY"]');
    await passkeys.getByText('Test laptop').waitFor();
    await expect.poll(() => passkeys.locator('.passkey-details').textContent()).toContain('never used');
    await expect.poll(() => passkeys.locator('.passkey-details').textContent()).toContain('on this device only');

    await passkeys.getByRole('button', { name: 'Rename Test laptop' }).click();
    await passkeys.getByLabel('New name for Test laptop').fill('Work laptop');
    await checkScreen(page, 'passkey-rename');
    await passkeys.getByRole('button', { name: 'Save' }).click();
    await passkeys.getByText('Work laptop').waitFor();
    // The redrawn list does not drop focus to the body: it lands on the list's heading.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('factors-title');
    await checkScreen(page, 'passkey-list');

    await signOut(page);
    await signInWithPassword(page, email);
    await page.getByRole('heading', { name: 'Verify it’s you' }).waitFor();
    // The passkey is the user's only factor: its step is the whole screen, no choice of method.
    await page.getByText('Use the passkey you set up for this account.').waitFor();
    await checkScreen(page, 'passkey-mfa-step');
    await page.getByRole('button', { name: 'Use your passkey' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await expect.poll(() => passkeys.locator('.passkey-details').textContent()).toContain('last used');
    // A passkey bound to its authenticator, with the user verified on it: the one way to aal3.
    expect(await currentAal(page)).toBe('aal3');

    await signOut(page);
    await checkScreen(page, 'passkey-sign-in');
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(await currentAal(page)).toBe('aal3');

    // Signed in a moment ago with the passkey itself: inside the step-up window, no prompt.
    await passkeys.getByRole('button', { name: 'Remove Work laptop' }).click();
    await passkeys.waitFor({ state: 'detached' });
    await page.locator('.bind-panel[data-factor="PASSKEY"]').waitFor();
    await finish(opened);
  });

  test('under a required policy, a user with no factor binds a passkey first (1636), then finishes the sign-in with it', async () => {
    const { app } = await server.server.runtime.services.admin.createApp({ name: 'Passkey app', mfaPolicy: 'required', enabledFactors: ['PASSKEY'] });
    const { email } = await signUpAndSignIn(server);
    const opened = await open();
    const { page } = opened;
    await page.goto(`/account?app_id=${app.id}`);
    await signInWithPassword(page, email);
    await page.getByRole('heading', { name: 'Protect your account' }).waitFor();
    await page.locator('.bind-panel[data-factor="PASSKEY"]').getByRole('button', { name: 'Create a passkey' }).click();
    await page.getByRole('heading', { name: 'Verify it’s you' }).waitFor();
    await page.getByRole('button', { name: 'Use your passkey' }).click();
    await page.getByText('Signed in to Passkey app.').waitFor();
    await page.locator('li.factor[data-factor="PASSKEY"] li.passkey').waitFor();
    await finish(opened);
  });

  test('in zh-CN, a cancelled passwordless sign-in is announced next to the button', async () => {
    const opened = await openPage(chromium.browser, pageUrl(), { locale: 'zh-CN' });
    const { page } = opened;
    // An authenticator holding no passkey of this site: the request ends at once as NotAllowedError
    // (with no authenticator at all it would wait for its timeout).
    await addVirtualAuthenticator(opened.context, page, { userVerified: false });
    await page.goto('/account');
    await page.getByRole('button', { name: '使用通行密钥登录' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('通行密钥请求已取消或超时');
    await checkScreen(page, 'passkey-sign-in-failed-zh');
    await finish(opened);
  });
});
