import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, describe, expect, test } from 'vitest';
import { signWebhook } from '../../src/delivery/sms-webhook-sender.js';
import { generateTotp } from '../../src/domain/factors/otp/totp.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { api } from '../support/api.js';
import { checkScreen, finishPage as finish, openPage, signInWithPassword, useBrowser } from '../support/browser.js';
import { enrollOtp, type EnrolledOtp } from '../support/factors.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * FACE on the hosted page in Debian's Chromium: bind a face after an authenticator, sign in through the
 * face step, remove it. The comparison runs in an external matcher played by a real HTTP server below
 * (docs/face.md's signed protocol), so no model is loaded: it tells "people" apart by a photo's colour.
 */
const SECRET = 'face-matcher-secret-for-the-page-test';

/** Solid-colour photos: the matcher reads each colour as one person, no face, or two faces. */
const PHOTOS = {
  me: { colour: { r: 160, g: 128, b: 112 }, faces: 1 },
  someoneElse: { colour: { r: 48, g: 64, b: 80 }, faces: 1 },
  twoPeople: { colour: { r: 240, g: 240, b: 240 }, faces: 2 },
} as const;
type PhotoName = keyof typeof PHOTOS;

/** What the picture shows: the nearest known colour (the page re-encodes photos, so never exact bytes). */
async function whoIsIn(imageBase64: string): Promise<PhotoName> {
  const { channels } = await sharp(Buffer.from(imageBase64, 'base64')).stats();
  const [r, g, b] = channels.map((channel) => channel.mean) as [number, number, number];
  const distance = (name: PhotoName) => Math.hypot(PHOTOS[name].colour.r - r, PHOTOS[name].colour.g - g, PHOTOS[name].colour.b - b);
  return (Object.keys(PHOTOS) as PhotoName[]).sort((x, y) => distance(x) - distance(y))[0]!;
}

/** The matcher: checks every request's signature (401 otherwise), reads templates, compares faces. */
function startMatcher(): Promise<{ url: string; badSignatures: number; close(): Promise<void> }> {
  const state = { badSignatures: 0 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const answer = (status: number, json: object) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      const timestamp = String(request.headers['x-tessera-timestamp'] ?? '');
      if (request.headers['x-tessera-signature'] !== signWebhook(SECRET, timestamp, body)) {
        state.badSignatures++;
        return answer(401, {});
      }
      const { operation, image, template } = JSON.parse(body) as { operation: string; image: string; template?: string };
      void whoIsIn(image).then((person) => {
        const faces = PHOTOS[person].faces;
        const personTemplate = Buffer.from(person).toString('base64');
        if (operation === 'read') return answer(200, faces === 1 ? { faces, template: personTemplate } : { faces });
        return answer(200, { faces, match: template === personTemplate });
      });
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        get badSignatures() {
          return state.badSignatures;
        },
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    }),
  );
}

let matcher: Awaited<ReturnType<typeof startMatcher>>;
const { server } = useTestServer(
  async () => {
    matcher = await startMatcher();
    return { config: { faceMatcherUrl: matcher.url, faceMatcherSecret: SECRET } };
  },
  async (started) => {
    await started.server.runtime.services.admin.updateApp(started.appId, { enabledFactors: ['OTP', 'SMS', 'EMAIL', 'FACE'] });
    return {};
  },
);
const chromium = useBrowser();
afterAll(async () => {
  await matcher?.close();
});

const photoFiles = new Map<PhotoName, Buffer>();
async function photo(name: PhotoName): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  if (!photoFiles.has(name)) {
    photoFiles.set(name, await sharp({ create: { width: 240, height: 320, channels: 3, background: PHOTOS[name].colour } }).jpeg().toBuffer());
  }
  return { name: `${name}.jpg`, mimeType: 'image/jpeg', buffer: photoFiles.get(name)! };
}

/** The current code of a TOTP secret as the server's clock sees it; the clock then moves one step on. */
function nextTotp(otp: EnrolledOtp): string {
  server.clock.advanceSeconds(30);
  return generateTotp(otp.secret, server.clock.now());
}

/** The step-up dialog, answered with the authenticator. */
async function stepUp(page: Page, otp: EnrolledOtp): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Confirm it’s you' });
  await dialog.getByLabel('6-digit code from your authenticator app').fill(nextTotp(otp));
  await dialog.getByRole('button', { name: 'Verify' }).click();
}

describe('FACE on the hosted page in Chromium', () => {
  test('binds a face next to an authenticator, signs in with it, shows the catalog’s face errors, and removes it', async () => {
    const user = await signUpAndSignIn(server);
    const opened = await openPage(chromium.browser, server.url);
    const { page } = opened;
    await page.goto('/account');
    await signInWithPassword(page, user.email);
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    // BIO-01: with no other factor, the page says why a face cannot be bound yet.
    const faceCard = page.locator('.bind-panel[data-factor="FACE"]');
    await faceCard.getByText('Set up another factor first').waitFor();

    const otp = await enrollOtp(server, user.token);
    await page.reload();
    const photoInput = faceCard.getByLabel('Photo of your face');
    expect(await photoInput.getAttribute('accept')).toBe('image/*');
    expect(await photoInput.getAttribute('capture')).toBe('user');
    await photoInput.setInputFiles(await photo('twoPeople'));
    await faceCard.getByRole('button', { name: 'Use this photo' }).click();
    // Binding with only a password proven in this session: the step-up prompt first.
    await stepUp(page, otp);
    await expect.poll(() => faceCard.getByRole('alert').textContent()).toContain('The photo cannot be used: more than one face');
    expect(await photoInput.getAttribute('aria-invalid')).toBe('true');
    await checkScreen(page, 'face-bind-error');
    await photoInput.setInputFiles(await photo('me'));
    await faceCard.getByRole('button', { name: 'Use this photo' }).click();
    await page.locator('li.factor[data-factor="FACE"]').waitFor();
    await checkScreen(page, 'account-with-face');

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await signInWithPassword(page, user.email);
    await page.getByRole('heading', { name: 'Verify it’s you' }).waitFor();
    await page.getByLabel('Use a photo of your face').check();
    const facePhoto = page.getByLabel('Photo of your face', { exact: true });
    await facePhoto.setInputFiles(await photo('someoneElse'));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('The face does not match the bound one');
    await checkScreen(page, 'face-mfa-step');
    await facePhoto.setInputFiles(await photo('me'));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();

    // A face proves aal1 only: removing a factor asks for the authenticator (BIO-01).
    await page.getByRole('button', { name: 'Remove Face' }).click();
    await stepUp(page, otp);
    await page.locator('li.factor[data-factor="FACE"]').waitFor({ state: 'detached' });
    await page.locator('.bind-panel[data-factor="FACE"]').getByLabel('Photo of your face').waitFor();
    expect(matcher.badSignatures).toBe(0);
    await finish(opened);
  });

  test('in zh-CN the sign-in offers the face step and a photo without a clear single face is refused in Chinese', async () => {
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    const me = `data:image/jpeg;base64,${(await photo('me')).buffer.toString('base64')}`;
    const started = await api(server, 'POST', '/api/v3/send-enroll-factor-request', { token: user.token, body: { factorType: 'FACE', profile: {} } });
    const bound = await api(server, 'POST', '/api/v3/enroll-factor', {
      token: user.token,
      body: { factorType: 'FACE', enrollmentToken: started.body.data.enrollmentToken, enrollmentData: { photo: me } },
    });
    expect(bound.body.statusCode).toBe(200);

    const opened = await openPage(chromium.browser, server.url, { locale: 'zh-CN' });
    const { page } = opened;
    await page.goto('/account');
    await page.getByLabel('邮箱或用户名').fill(user.email);
    await page.getByLabel('密码', { exact: true }).fill(user.password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByLabel('使用人脸照片').check();
    await page.getByLabel('你的人脸照片').setInputFiles(await photo('twoPeople'));
    await page.getByRole('button', { name: '验证' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('照片无法使用');
    await checkScreen(page, 'face-mfa-step-zh');
    await finish(opened);
  });
});
