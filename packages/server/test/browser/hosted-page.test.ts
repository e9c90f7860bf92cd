import { decodeJwt } from 'jose';
import { Secret } from 'otpauth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateTotp } from '../../src/domain/factors/otp/totp.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { checkScreen, finishPage as finish, openPage, signInWithPassword, useBrowser, type PageUnderTest } from '../support/browser.js';
import { enrollByCode, enrollOtp, type EnrolledOtp } from '../support/factors.js';
import { startRelyingParty, type RelyingParty } from '../support/relying-party.js';
import type { TestServer } from '../support/test-server.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * The hosted sign-in and account page in Debian's Chromium: what a person does at `/account`, screen by
 * screen, each one scanned by axe-core and photographed at 375 and 1280 px (.tmp/screenshots/).
 */
const { server } = useTestServer();
const chromium = useBrowser();

/** The password of signUpAndSignIn's users, used for the page's own sign-ups too. */
const PASSWORD = 'correct horse battery staple';

async function open(options: { locale?: string } = {}): Promise<PageUnderTest> {
  const opened = await openPage(chromium.browser, server.url, options);
  await opened.page.goto('/account');
  return opened;
}

/** The current code of a TOTP secret as the server's clock sees it; the clock then moves one step on. */
function nextTotp(server: TestServer, secret: Uint8Array): string {
  server.clock.advanceSeconds(30);
  return generateTotp(secret, server.clock.now());
}

/** A user with a bound authenticator, made through the API (what the page must then handle). */
async function userWithOtp(): Promise<{ email: string; otp: EnrolledOtp }> {
  const user = await signUpAndSignIn(server);
  return { email: user.email, otp: await enrollOtp(server, user.token) };
}

async function signInThroughTotp(page: Page, email: string, otp: EnrolledOtp): Promise<void> {
  await signInThroughTotpTo(page, email, otp, 'Your account');
}

/** Password, then the TOTP step, until the heading of where a completed sign-in leads. */
async function signInThroughTotpTo(page: Page, email: string, otp: EnrolledOtp, landing: string): Promise<void> {
  await signInWithPassword(page, email);
  await page.getByRole('heading', { name: 'Verify it’s you' }).waitFor();
  await page.getByLabel('6-digit code from your authenticator app').fill(nextTotp(server, otp.secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('heading', { name: landing }).waitFor();
}

describe('hosted page in Chromium', () => {
  test('signs up, binds TOTP by reading the key off the page, signs out, and signs in again through the TOTP step', async () => {
    const opened = await open();
    const { page } = opened;
    const email = `page-${Date.now()}@example.com`;

    await page.getByRole('heading', { name: 'Sign in to Tessera' }).waitFor();
    await checkScreen(page, 'sign-in');
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await checkScreen(page, 'sign-up');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password (at least 8 characters)').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.getByText('No second factor yet').waitFor();
    await checkScreen(page, 'account-empty');

    await page.getByRole('button', { name: 'Set up Authenticator app' }).click();
    const key = await page.locator('code[data-secret="Key"]').textContent();
    const secret = new Uint8Array(Secret.fromBase32(key!.replace(/\s/g, '')).bytes);
    await expect.poll(() => page.locator('code[data-secret="Your recovery code"]').textContent()).toMatch(/\S{8,}/);
    await checkScreen(page, 'bind-totp');
    const otpCard = page.locator('.bind-panel[data-factor="OTP"]');
    await otpCard.getByLabel('6-digit code from your authenticator app').fill(generateTotp(secret, server.clock.now()));
    await otpCard.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('li.factor[data-factor="OTP"]').waitFor();
    await checkScreen(page, 'account-with-totp');

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in to Tessera' }).waitFor();
    expect(await opened.context.cookies()).toEqual([]);

    await signInWithPassword(page, email);
    await page.getByRole('heading', { name: 'Verify it’s you' }).waitFor();
    await checkScreen(page, 'mfa-step');
    await page.getByLabel('6-digit code from your authenticator app').fill(nextTotp(server, secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await finish(opened);
  });

  test('binds email with the code from the outbox, then removes it through the step-up prompt once the last proof is old', async () => {
    const { email, otp } = await userWithOtp();
    const opened = await open();
    const { page } = opened;
    await signInThroughTotp(page, email, otp);

    const emailCard = page.locator('.bind-panel[data-factor="EMAIL"]');
    await emailCard.getByLabel('Email address').fill(email);
    await emailCard.getByRole('button', { name: 'Send code' }).click();
    await expect.poll(() => emailCard.getByRole('button', { name: /Resend in \d+ s/ }).isVisible()).toBe(true);
    await checkScreen(page, 'bind-email');
    await emailCard.getByLabel('Code from the email').fill(server.lastCodeFor(email));
    await emailCard.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('li.factor[data-factor="EMAIL"]').waitFor();

    // The TOTP proof of this sign-in is now older than the step-up window (an hour).
    server.clock.advanceSeconds(61 * 60);
    await page.getByRole('button', { name: 'Remove Email' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm it’s you' });
    await dialog.waitFor();
    await checkScreen(page, 'step-up');
    await dialog.getByLabel('6-digit code from your authenticator app').fill(nextTotp(server, otp.secret));
    await dialog.getByRole('button', { name: 'Verify' }).click();
    await page.locator('li.factor[data-factor="EMAIL"]').waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('li.factor').count()).toBe(1);
    await finish(opened);
  });

  test('regenerates the recovery code, shows it once, and signs in with it', async () => {
    const { email, otp } = await userWithOtp();
    const opened = await open();
    const { page } = opened;
    await signInThroughTotp(page, email, otp);

    await page.getByRole('button', { name: 'Generate a new recovery code' }).click();
    await page.getByRole('heading', { name: 'Recovery code' }).waitFor();
    const recoveryCode = (await page.locator('code[data-secret="Your recovery code"]').textContent())!;
    await expect.poll(() => page.getByRole('link', { name: 'Download' }).getAttribute('download')).toBe('tessera-recovery-code.txt');
    await checkScreen(page, 'recovery-code');
    await page.getByRole('button', { name: 'I saved it, continue' }).click();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();

    await signInWithPassword(page, email);
    await page.getByLabel('Recovery code').check();
    await page.getByLabel('Recovery code', { exact: true }).and(page.locator('input[type="text"]')).fill(recoveryCode);
    await page.getByRole('button', { name: 'Verify' }).click();
    // The used code is void: a new one is shown once before the account page.
    await page.getByRole('heading', { name: 'Recovery code' }).waitFor();
    expect(await page.locator('code[data-secret="Your recovery code"]').textContent()).not.toBe(recoveryCode);
    await page.getByRole('button', { name: 'I saved it, continue' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await finish(opened);
  });

  test('under a required policy, a user with no factor binds one first (1636), then finishes with a fresh code of it', async () => {
    const { app } = await server.server.runtime.services.admin.createApp({ name: 'Strict app', mfaPolicy: 'required', enabledFactors: ['OTP', 'EMAIL'] });
    const user = await signUpAndSignIn(server);
    const opened = await openPage(chromium.browser, server.url);
    const { page } = opened;
    await page.goto(`/account?app_id=${app.id}`);
    await page.getByRole('heading', { name: 'Sign in to Strict app' }).waitFor();
    await signInWithPassword(page, user.email);
    await page.getByRole('heading', { name: 'Protect your account' }).waitFor();
    await checkScreen(page, 'enroll-first');

    const otpCard = page.locator('.bind-panel[data-factor="OTP"]');
    await otpCard.getByRole('button', { name: 'Set up Authenticator app' }).click();
    const key = await otpCard.locator('code[data-secret="Key"]').textContent();
    const secret = new Uint8Array(Secret.fromBase32(key!.replace(/\s/g, '')).bytes);
    await otpCard.getByLabel('6-digit code from your authenticator app').fill(generateTotp(secret, server.clock.now()));
    await otpCard.getByRole('button', { name: 'Confirm' }).click();

    // The code that confirmed the binding is spent: the sign-in asks for the next one.
    await page.getByRole('heading', { name: 'Verify it’s you' }).waitFor();
    await page.getByLabel('The next 6-digit code from your authenticator app').fill(nextTotp(server, secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.getByText('Signed in to Strict app.').waitFor();
    await finish(opened);
  });

  test('signs in with an email code (sent on request, with its resend countdown), then signs out everywhere else', async () => {
    const user = await signUpAndSignIn(server);
    await enrollByCode(server, user.token, 'EMAIL', { email: user.email }, user.email);

    const signInByEmail = async (page: Page) => {
      // One code per address per minute: each sign-in here comes a minute after the last send.
      server.clock.advanceSeconds(61);
      await page.goto('/account');
      await signInWithPassword(page, user.email);
      await page.getByRole('heading', { name: 'Verify it’s you' }).waitFor();
      await page.getByLabel('Type your full email address').fill(user.email);
      await page.getByRole('button', { name: 'Send code' }).click();
      await expect.poll(() => page.getByRole('button', { name: /Resend in \d+ s/ }).isDisabled()).toBe(true);
      await page.getByLabel('Code from the email').fill(server.lastCodeFor(user.email));
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByRole('heading', { name: 'Your account' }).waitFor();
    };
    const laptop = await openPage(chromium.browser, server.url);
    const phone = await openPage(chromium.browser, server.url, { viewport: { width: 375, height: 740 } });
    await signInByEmail(laptop.page);
    await checkScreen(laptop.page, 'account-with-email');
    await signInByEmail(phone.page);

    await laptop.page.reload();
    await laptop.page.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await expect.poll(() => laptop.page.locator('.session-list li').count()).toBe(1);
    await phone.page.reload();
    await phone.page.getByRole('heading', { name: 'Sign in to Tessera' }).waitFor();
    await finish(laptop);
    await finish(phone);
  });

  test('signs in with the keyboard alone', async () => {
    const { email, otp } = await userWithOtp();
    const opened = await open();
    const { page } = opened;
    await page.getByRole('heading', { name: 'Sign in to Tessera' }).waitFor();
    // From the top of the page: skip link, language, then the form, all by Tab.
    const focusedLabel = () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent ?? document.activeElement?.textContent ?? '');
    for (let presses = 0; presses < 6 && (await focusedLabel()) !== 'Email or username'; presses++) await page.keyboard.press('Tab');
    expect(await focusedLabel()).toBe('Email or username');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Verify it’s you' }).waitFor();
    // The method choice comes first; Tab reaches the code field, Enter submits.
    for (let presses = 0; presses < 6 && !(await focusedLabel()).includes('6-digit code'); presses++) await page.keyboard.press('Tab');
    await page.keyboard.type(nextTotp(server, otp.secret));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await finish(opened);
  });

  test('speaks zh-CN to a Chinese browser and switches language on request', async () => {
    const opened = await open({ locale: 'zh-CN' });
    const { page } = opened;
    await page.getByRole('heading', { name: '登录 Tessera' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.getByLabel('邮箱或用户名').fill('nobody@example.com');
    await page.getByLabel('密码').fill('not the password');
    await page.getByRole('button', { name: '登录' }).click();
    // The catalog's message, in the page's language, next to the field it concerns.
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('账号不存在或密码错误');
    await checkScreen(page, 'sign-in-error-zh');
    await page.getByLabel('语言').selectOption('en-US');
    await page.getByRole('heading', { name: 'Sign in to Tessera' }).waitFor();
    await finish(opened);
  });
});

describe('OIDC authorization code flow from a relying party', () => {
  let relyingParty: RelyingParty;
  let clientId = '';
  beforeAll(async () => {
    relyingParty = await startRelyingParty({ issuerUrl: server.url, clientId: () => clientId });
    const { services } = server.server.runtime;
    const created = await services.admin.createApp({ name: 'Relying party', tokenEndpointAuthMethod: 'none', redirectUris: [relyingParty.redirectUri] });
    clientId = created.app.id;
  });
  afterAll(async () => {
    await relyingParty?.close();
  });

  test('goes to the hosted sign-in, through the TOTP step, and back to the relying party with a code it exchanges', async () => {
    const { email, otp } = await userWithOtp();
    const opened = await openPage(chromium.browser, server.url);
    const { page } = opened;
    await page.goto(`${relyingParty.url}/login`);
    await page.getByRole('heading', { name: 'Sign in to Relying party' }).waitFor();
    await checkScreen(page, 'oidc-sign-in');
    await signInThroughTotpTo(page, email, otp, 'Signed in at the relying party');
    expect(new URL(page.url()).origin).toBe(relyingParty.url);
    const [tokens] = relyingParty.tokens;
    expect(decodeJwt(tokens!.id_token as string)).toMatchObject({ aud: clientId, nonce: tokens!.expectedNonce, amr: expect.arrayContaining(['otp']) });
    // Already signed in: the next login comes straight back with a new code, no screen in between.
    await page.goto(`${relyingParty.url}/login`);
    await page.getByRole('heading', { name: 'Signed in at the relying party' }).waitFor();
    expect(relyingParty.tokens).toHaveLength(2);
    // Only the two origins took part: Tessera and the relying party.
    expect(opened.externalRequests.every((url) => url.startsWith(relyingParty.url))).toBe(true);
    expect(opened.cspViolations).toEqual([]);
    await opened.context.close();
  });
});
