import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { WEB_DIST_DIR } from '../../src/http/page/static-files.js';

/** Debian's Chromium (`.ci/run` installs the `chromium` package); no browser download. */
const CHROMIUM = process.env.TESSERA_TEST_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS_DIR = fileURLToPath(new URL('../../../../.tmp/screenshots/', import.meta.url));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const NARROWEST = { width: 320, height: 640 };
export const PHONE = { width: 375, height: 740 };
export const DESKTOP = { width: 1280, height: 860 };

/** One Chromium per test file (contexts per test are cheap); fails, never skips, when it is missing. */
export function useBrowser(): { readonly browser: Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (see .ci/run)`);
    if (!existsSync(`${WEB_DIST_DIR}index.html`)) throw new Error('packages/web is not built: npm run build');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('useBrowser: read before beforeAll');
      return browser;
    },
  };
}

export interface PageUnderTest {
  context: BrowserContext;
  page: Page;
  /** Requests that left the server's origin (must stay empty: no fonts, CDNs, trackers). */
  externalRequests: string[];
  /** Content-Security-Policy violations the browser reported (must stay empty). */
  cspViolations: string[];
}

/** A fresh context (cookies, storage) and page on the server's origin. */
export async function openPage(browser: Browser, baseUrl: string, options: { locale?: string; viewport?: { width: number; height: number } } = {}): Promise<PageUnderTest> {
  const context = await browser.newContext({ baseURL: baseUrl, locale: options.locale ?? 'en-US', viewport: options.viewport ?? DESKTOP });
  const page = await context.newPage();
  const origin = new URL(baseUrl).origin;
  const externalRequests: string[] = [];
  const cspViolations: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) externalRequests.push(url);
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  page.setDefaultTimeout(10_000);
  return { context, page, externalRequests, cspViolations };
}

/**
 * axe-core over the current screen: WCAG 2.0–2.2 A and AA rules; no serious or critical violation.
 * Evaluated through the DevTools protocol, so the page's CSP (no inline script) stays as it is.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `accessibility violations on ${screen}`).toEqual([]);
}

/** Screenshots of the current screen at phone and desktop widths, kept as CI artifacts (not committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const original = page.viewportSize();
  for (const viewport of [NARROWEST, PHONE, DESKTOP]) {
    await page.setViewportSize(viewport);
    // Nothing wider than the viewport, down to 320 px (WCAG 1.4.10 reflow).
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} scrolls sideways at ${viewport.width} px`).toBeLessThanOrEqual(0);
    if (viewport !== NARROWEST) await page.screenshot({ path: `${SCREENSHOTS_DIR}${name}-${viewport.width}.png`, fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}

/** One screen checked the way every screen is: accessible, then photographed at both widths. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  await screenshot(page, name);
}

/** The page made no request off its origin and broke no CSP rule; then its context closes. */
export async function finishPage({ context, externalRequests, cspViolations }: PageUnderTest): Promise<void> {
  expect(externalRequests, 'requests that left the origin').toEqual([]);
  expect(cspViolations, 'CSP violations').toEqual([]);
  await context.close();
}

/** The sign-in form, filled and sent (signUpAndSignIn's password by default). */
export async function signInWithPassword(page: Page, email: string, password = 'correct horse battery staple'): Promise<void> {
  await page.getByLabel('Email or username').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}
