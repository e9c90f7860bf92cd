import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signUpAndSignIn, type SignedInUser } from '../support/accounts.js';
import { api } from '../support/api.js';
import { dataUrl } from '../support/face-images.js';
import { enrollOtp } from '../support/factors.js';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver.js';
import { challengeFor, redeem } from '../support/mfa.js';
import type { TestServer } from '../support/test-server.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * Tessera's own face photo upload (POST /api/v3/upload-face-photo, docs/face.md): a reference that only
 * its uploader may use, once, within 5 minutes (BIO-04). The comparison is an external service played by
 * a real HTTP receiver, so no model is needed and the file runs on every database.
 */

const TEMPLATE = Buffer.from('opaque template from the service').toString('base64');
const MAX_PHOTO_BYTES = 20_000;
let service: HttpReceiver;
let jpeg: Buffer;
let photo = '';
beforeAll(async () => {
  service = await startHttpReceiver({ status: 200, body: JSON.stringify({ faces: 1, template: TEMPLATE }) });
  jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#a08070' } }).jpeg().toBuffer();
  photo = dataUrl(jpeg);
});
afterAll(async () => {
  await service.close();
});

const upload = (server: TestServer, token: string, body: unknown = { photo }) => api(server, 'POST', '/api/v3/upload-face-photo', { token, body });

async function uploaded(server: TestServer, token: string): Promise<string> {
  const answer = await upload(server, token);
  expect(answer.body).toMatchObject({ statusCode: 200, data: { photo: expect.stringMatching(/^tessera-upload:[A-Za-z0-9_-]{43}$/), expiresIn: 300 } });
  return answer.body.data.photo;
}

async function enrollFace(server: TestServer, user: SignedInUser, facePhoto: string) {
  const started = await api(server, 'POST', '/api/v3/send-enroll-factor-request', { token: user.token, body: { factorType: 'FACE', profile: {} } });
  service.answerWith({ status: 200, body: JSON.stringify({ faces: 1, template: TEMPLATE }) });
  return api(server, 'POST', '/api/v3/enroll-factor', {
    token: user.token,
    body: { factorType: 'FACE', enrollmentToken: started.body.data.enrollmentToken, enrollmentData: { photo: facePhoto } },
  });
}

async function userWithOtp(server: TestServer): Promise<SignedInUser> {
  const user = await signUpAndSignIn(server);
  await enrollOtp(server, user.token);
  return user;
}

/** What the comparison service was sent as the image of its newest request. */
const imageSentToService = () => Buffer.from(JSON.parse(service.requests.at(-1)!.body).image, 'base64');

describe('FACE photo upload', () => {
  const { server } = useTestServer(() => ({
    config: { faceMatcherUrl: service.url, faceMatcherSecret: 'face-service-shared-secret-0123456789', faceMaxPhotoBytes: MAX_PHOTO_BYTES },
  }), async (started) => {
    await started.server.runtime.services.admin.updateApp(started.appId, { enabledFactors: ['OTP', 'SMS', 'EMAIL', 'FACE'] });
    return {};
  });

  const uploadsOf = (userId: string) => server.server.runtime.store.db.selectFrom('face_uploads').selectAll().where('user_id', '=', userId).execute();

  test('binding with an uploaded photo: the comparison gets the uploaded image, and the upload is gone after its use', async () => {
    const user = await userWithOtp(server);
    const reference = await uploaded(server, user.token);
    expect((await enrollFace(server, user, reference)).body).toMatchObject({ statusCode: 200 });
    expect(imageSentToService().equals(jpeg)).toBe(true);
    expect(await uploadsOf(user.userId)).toHaveLength(0);
  });

  test('BIO-04: the stored upload is sealed (no image bytes in the row) and no answer carries the image', async () => {
    const user = await userWithOtp(server);
    const answer = await upload(server, user.token);
    expect(JSON.stringify(answer.body)).not.toContain(jpeg.toString('base64').slice(0, 40));
    const [row] = await uploadsOf(user.userId);
    expect(row!.sealed).not.toContain(jpeg.toString('base64').slice(0, 40));
    expect(row!.sealed).not.toContain(jpeg.toString('base64url').slice(0, 40));
    // The reference itself is not stored either: only its hash names the row.
    expect(answer.body.data.photo).not.toContain(row!.id);
  });

  test("the sign-in's second step: the 1635 mfaToken uploads the photo, face verify takes the reference and signs in", async () => {
    const user = await userWithOtp(server);
    expect((await enrollFace(server, user, photo)).body).toMatchObject({ statusCode: 200 });
    const mfaToken = await challengeFor(server, user.email, user.password);
    const reference = await uploaded(server, `Bearer ${mfaToken}`);
    service.answerWith({ status: 200, body: JSON.stringify({ faces: 1, match: true }) });
    expect((await redeem(server, '/api/v2/mfa/face/verify', mfaToken, { photo: reference })).body).toMatchObject({ code: 200 });
    expect(imageSentToService().equals(jpeg)).toBe(true);
  });

  test("another user's upload id is refused (1707) without a comparison, and stays usable by its owner", async () => {
    const owner = await userWithOtp(server);
    const attacker = await userWithOtp(server);
    const reference = await uploaded(server, owner.token);
    const comparisonsBefore = service.requests.length;
    expect((await enrollFace(server, attacker, reference)).body).toMatchObject({ statusCode: 400, apiCode: 1707 });
    expect(service.requests).toHaveLength(comparisonsBefore);
    expect((await enrollFace(server, owner, reference)).body).toMatchObject({ statusCode: 200 });
  });

  test("another user's upload id is refused at the sign-in's second step too", async () => {
    const owner = await userWithOtp(server);
    const attacker = await userWithOtp(server);
    expect((await enrollFace(server, attacker, photo)).body).toMatchObject({ statusCode: 200 });
    const reference = await uploaded(server, owner.token);
    const mfaToken = await challengeFor(server, attacker.email, attacker.password);
    service.answerWith({ status: 200, body: JSON.stringify({ faces: 1, match: true }) });
    expect((await redeem(server, '/api/v2/mfa/face/verify', mfaToken, { photo: reference })).body).toMatchObject({ code: 1707 });
  });

  test('a reused upload id is refused (1707): single use, even after a failed comparison', async () => {
    const user = await userWithOtp(server);
    expect((await enrollFace(server, user, photo)).body).toMatchObject({ statusCode: 200 });
    const mfaToken = await challengeFor(server, user.email, user.password);
    const reference = await uploaded(server, `Bearer ${mfaToken}`);
    service.answerWith({ status: 200, body: JSON.stringify({ faces: 1, match: false }) });
    expect((await redeem(server, '/api/v2/mfa/face/verify', mfaToken, { photo: reference })).body).toMatchObject({ code: 1702 });
    service.answerWith({ status: 200, body: JSON.stringify({ faces: 1, match: true }) });
    expect((await redeem(server, '/api/v2/mfa/face/verify', mfaToken, { photo: reference })).body).toMatchObject({ code: 1707 });
  });

  test('an expired upload id is refused (1707) and its photo is swept from the database', async () => {
    const user = await userWithOtp(server);
    const reference = await uploaded(server, user.token);
    server.clock.advanceSeconds(301);
    expect((await enrollFace(server, user, reference)).body).toMatchObject({ apiCode: 1707 });
    expect(await uploadsOf(user.userId)).toHaveLength(0);
  });

  test.each([
    ['a photo over TESSERA_FACE_MAX_PHOTO_BYTES', () => dataUrl(Buffer.concat([jpeg, Buffer.alloc(MAX_PHOTO_BYTES)]))],
    ['bytes that are not an image', () => `data:image/png;base64,${Buffer.from('not a png at all').toString('base64')}`],
    ['a data: URL of another type', () => `data:text/html;base64,${Buffer.from('<b>x</b>').toString('base64')}`],
    ['a URL instead of the photo (the upload never fetches)', () => 'http://localhost/face.jpg'],
    ['an upload reference (no chains)', () => 'tessera-upload:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
  ])('%s is refused at upload (1707) and nothing is stored', async (_case, badPhoto) => {
    const user = await userWithOtp(server);
    expect((await upload(server, user.token, { photo: badPhoto() })).body).toMatchObject({ apiCode: 1707 });
    expect(await uploadsOf(user.userId)).toHaveLength(0);
  });

  test('one user cannot pile photos up: a 4th upload replaces the oldest, which is then refused', async () => {
    const user = await userWithOtp(server);
    const first = await uploaded(server, user.token);
    server.clock.advanceSeconds(1);
    for (let i = 0; i < 3; i++) await uploaded(server, user.token);
    expect(await uploadsOf(user.userId)).toHaveLength(3);
    expect((await enrollFace(server, user, first)).body).toMatchObject({ apiCode: 1707 });
  });

  test('an app that does not offer FACE stores no face photo', async () => {
    const user = await userWithOtp(server);
    await server.server.runtime.services.admin.updateApp(server.appId, { enabledFactors: ['OTP', 'SMS', 'EMAIL'] });
    try {
      expect((await upload(server, user.token)).body).toMatchObject({ statusCode: 400, apiCode: 46030 });
      expect(await uploadsOf(user.userId)).toHaveLength(0);
    } finally {
      await server.server.runtime.services.admin.updateApp(server.appId, { enabledFactors: ['OTP', 'SMS', 'EMAIL', 'FACE'] });
    }
  });

  test('an upload without a valid access token or mfaToken is refused', async () => {
    expect((await api(server, 'POST', '/api/v3/upload-face-photo', { body: { photo } })).body.statusCode).not.toBe(200);
    expect((await upload(server, 'Bearer not-a-token')).body.statusCode).not.toBe(200);
  });
});
