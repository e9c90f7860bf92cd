import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signWebhook } from '../../src/delivery/sms-webhook-sender.js';
import { signUpAndSignIn, type SignedInUser } from '../support/accounts.js';
import { api } from '../support/api.js';
import { dataUrl } from '../support/face-images.js';
import { enrollOtp, type EnrolledOtp } from '../support/factors.js';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver.js';
import { challengeFor, redeem, signInExpectingChallenge, verifyTotp } from '../support/mfa.js';
import type { TestServer } from '../support/test-server.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * FACE's own failure limits (BIO-02) and where photos may come from (no SSRF), with an external
 * comparison service played by a real HTTP receiver: it answers every comparison "no match", so these
 * tests need no model and run on every database.
 */

const SECRET = 'face-service-shared-secret-0123456789';
const TEMPLATE = Buffer.from('opaque template from the service').toString('base64');
let service: HttpReceiver;
let photoHost: HttpReceiver;
let photo = '';
beforeAll(async () => {
  service = await startHttpReceiver({ status: 200, body: JSON.stringify({ faces: 1, match: false }) });
  photoHost = await startHttpReceiver();
  photo = dataUrl(await sharp({ create: { width: 64, height: 64, channels: 3, background: '#a08070' } }).jpeg().toBuffer());
});
afterAll(async () => {
  await service.close();
  await photoHost.close();
});

async function userWithOtpAndFace(server: TestServer): Promise<SignedInUser & { otp: EnrolledOtp }> {
  const user = await signUpAndSignIn(server);
  const otp = await enrollOtp(server, user.token);
  const started = await api(server, 'POST', '/api/v3/send-enroll-factor-request', { token: user.token, body: { factorType: 'FACE', profile: {} } });
  service.answerWith({ status: 200, body: JSON.stringify({ faces: 1, template: TEMPLATE }) });
  const bound = await api(server, 'POST', '/api/v3/enroll-factor', {
    token: user.token,
    body: { factorType: 'FACE', enrollmentToken: started.body.data.enrollmentToken, enrollmentData: { photo } },
  });
  if (bound.body.statusCode !== 200) throw new Error(`face enrolment failed: ${JSON.stringify(bound.body)}`);
  return { ...user, otp };
}

describe('FACE failure limits and photo sources', () => {
  const { server } = useTestServer(() => ({
    config: {
      faceMatcherUrl: service.url,
      faceMatcherSecret: SECRET,
      facePhotoHosts: 'localhost',
      // The account budget is tested elsewhere; here only the face factor's own limits may stop a guess.
      failuresPerLock: 100,
      failuresUntilAdminUnlock: 100,
    },
  }), async (started) => {
    await started.server.runtime.services.admin.updateApp(started.appId, { enabledFactors: ['OTP', 'SMS', 'EMAIL', 'FACE'] });
    return {};
  });

  test('the comparison service gets the photo signed like the SMS webhook, and its template never reaches an answer', async () => {
    const user = await userWithOtpAndFace(server);
    const request = service.requests.at(-1)!;
    const timestamp = request.headers['x-tessera-timestamp'] as string;
    expect(request.headers['x-tessera-signature']).toBe(signWebhook(SECRET, timestamp, request.body));
    expect(JSON.parse(request.body)).toMatchObject({ operation: 'read' });
    const listed = await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token });
    expect(JSON.stringify(listed.body)).not.toContain(TEMPLATE);
  });

  test('BIO-02: after 5 impostor photos the 6th is refused (46081, business status 429) with Retry-After >= 30, until 30 s have passed', async () => {
    const user = await userWithOtpAndFace(server);
    let mfaToken = await challengeFor(server, user.email, user.password);
    for (let i = 0; i < 5; i++) {
      expect((await redeem(server, '/api/v2/mfa/face/verify', mfaToken, { photo })).body).toMatchObject({ code: 1702 });
    }
    mfaToken = await challengeFor(server, user.email, user.password);
    const sixth = await redeem(server, '/api/v2/mfa/face/verify', mfaToken, { photo });
    expect(sixth.body).toMatchObject({ code: 46081 });
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThanOrEqual(30);
    server.clock.advanceSeconds(30);
    expect((await redeem(server, '/api/v2/mfa/face/verify', mfaToken, { photo })).body).toMatchObject({ code: 1702 });
  });

  test('BIO-02: a matching face signs in and clears the count, so the next failure waits for nothing', async () => {
    const user = await userWithOtpAndFace(server);
    let mfaToken = await challengeFor(server, user.email, user.password);
    for (let i = 0; i < 5; i++) await redeem(server, '/api/v2/mfa/face/verify', mfaToken, { photo });
    server.clock.advanceSeconds(30);
    mfaToken = await challengeFor(server, user.email, user.password);
    service.answerWith({ status: 200, body: JSON.stringify({ faces: 1, match: true }) });
    expect((await redeem(server, '/api/v2/mfa/face/verify', mfaToken, { photo })).body).toMatchObject({ code: 200 });
    mfaToken = await challengeFor(server, user.email, user.password);
    expect((await redeem(server, '/api/v2/mfa/face/verify', mfaToken, { photo })).body).toMatchObject({ code: 1702 });
  });

  test('BIO-02: after 50 failures FACE is disabled, the challenge no longer offers it, and another factor still signs in', async () => {
    const user = await userWithOtpAndFace(server);
    let mfaToken = '';
    for (let i = 0; i < 50; i++) {
      if (i % 4 === 0) mfaToken = await challengeFor(server, user.email, user.password);
      server.clock.advanceSeconds(31);
      expect((await redeem(server, '/api/v2/mfa/face/verify', mfaToken, { photo })).body).toMatchObject({ code: 1702 });
    }
    server.clock.advanceSeconds(31);
    const challenge = await signInExpectingChallenge(server, user.email, user.password);
    expect(challenge.body.data).toMatchObject({ faceMfaEnabled: false, totpMfaEnabled: true });
    mfaToken = challenge.body.data.mfaToken;
    const refused = await api(server, 'POST', '/api/v2/mfa/face/verify', { token: `Bearer ${mfaToken}`, body: { photo }, lang: 'en-US' });
    expect(refused.body).toMatchObject({ code: 46082, message: expect.stringContaining('use another factor') });
    const otp = await verifyTotp(server, mfaToken, user.otp.codeAt(server.clock.now()));
    expect(otp.body).toMatchObject({ code: 200 });
  });

  test('a photo URL on a host not on the allow-list is refused (46080) without being fetched (SSRF)', async () => {
    const user = await userWithOtpAndFace(server);
    const mfaToken = await challengeFor(server, user.email, user.password);
    const internal = photoHost.url.replace('localhost', '127.0.0.1');
    const answer = await redeem(server, '/api/v2/mfa/face/verify', mfaToken, { photo: `${internal}/latest/meta-data/face.jpg` });
    expect(answer.body).toMatchObject({ code: 46080 });
    expect(photoHost.requests).toHaveLength(0);
  });

  test('an allow-listed host that answers something other than an image is refused (1707)', async () => {
    const user = await userWithOtpAndFace(server);
    const mfaToken = await challengeFor(server, user.email, user.password);
    const allowed = photoHost.url.replace('127.0.0.1', 'localhost');
    const answer = await redeem(server, '/api/v2/mfa/face/verify', mfaToken, { photo: `${allowed}/face.jpg` });
    expect(answer.body).toMatchObject({ code: 1707 });
    expect(photoHost.requests).toHaveLength(1);
  });

  test.each([
    ['a data: URL of another type', `data:text/html;base64,${Buffer.from('<script>x</script>').toString('base64')}`, 1707],
    ['a data: URL whose bytes are not an image', `data:image/png;base64,${Buffer.from('not a png at all').toString('base64')}`, 1707],
    ['a file: URL', 'file:///etc/passwd', 46080],
    ['a URL with credentials on an allowed host', 'http://user:pass@localhost/face.jpg', 46080],
  ])('%s is refused before any comparison', async (_case, badPhoto, code) => {
    const user = await userWithOtpAndFace(server);
    const mfaToken = await challengeFor(server, user.email, user.password);
    const comparisonsBefore = service.requests.length;
    expect((await redeem(server, '/api/v2/mfa/face/verify', mfaToken, { photo: badPhoto })).body).toMatchObject({ code });
    expect(service.requests).toHaveLength(comparisonsBefore);
  });

  test('the comparison service failing answers 503, never a match', async () => {
    const user = await userWithOtpAndFace(server);
    const mfaToken = await challengeFor(server, user.email, user.password);
    service.answerWith({ status: 500 });
    const answer = await redeem(server, '/api/v2/mfa/face/verify', mfaToken, { photo });
    expect(answer.body).toMatchObject({ code: 46083 });
  });
});
