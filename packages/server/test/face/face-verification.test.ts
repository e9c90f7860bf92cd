import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { signUpAndSignIn, type SignedInUser } from '../support/accounts.js';
import { api } from '../support/api.js';
import { dataUrl, demoImage, ensureFaceImages, faceImage, otherCapture, twoFaces } from '../support/face-images.js';
import { enrollOtp } from '../support/factors.js';
import { challengeFor, claimsOf, redeem, signInExpectingChallenge } from '../support/mfa.js';
import type { TestServer } from '../support/test-server.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * FACE with the built-in model (docs/face.md), black-box over HTTP. One file, one server, so the model
 * loads once per worker: every comparison costs a few hundred ms on one core.
 */

ensureFaceImages();
const photos = {
  enrolled: dataUrl(faceImage('astronaut'), 'image/png'),
  noFace: dataUrl(faceImage('coffee'), 'image/png'),
  otherPerson: dataUrl(faceImage('messi')),
};
let sameFaceLater = '';
let twoPeople = '';
let groupPhoto = '';
beforeAll(async () => {
  sameFaceLater = dataUrl(await otherCapture(faceImage('astronaut')));
  twoPeople = dataUrl(await twoFaces(faceImage('astronaut'), faceImage('messi')));
  groupPhoto = dataUrl(demoImage(1));
});

/** A user with OTP bound (BIO-01: face is never the first factor) in an app that enables FACE. */
async function userWithOtp(server: TestServer): Promise<SignedInUser> {
  const user = await signUpAndSignIn(server);
  await enrollOtp(server, user.token);
  return user;
}

async function enableFace(server: TestServer) {
  await server.server.runtime.services.admin.updateApp(server.appId, { enabledFactors: ['OTP', 'SMS', 'EMAIL', 'FACE'] });
}

function startFace(server: TestServer, token: string) {
  return api(server, 'POST', '/api/v3/send-enroll-factor-request', { token, body: { factorType: 'FACE', profile: {} }, lang: 'en-US' });
}

async function enrollFace(server: TestServer, token: string, photo: string) {
  const started = await startFace(server, token);
  expect(started.body.statusCode).toBe(200);
  return api(server, 'POST', '/api/v3/enroll-factor', {
    token,
    lang: 'en-US',
    body: { factorType: 'FACE', enrollmentToken: started.body.data.enrollmentToken, enrollmentData: { photo } },
  });
}

async function boundTypes(server: TestServer, token: string): Promise<string[]> {
  const listed = await api(server, 'GET', '/api/v3/list-enrolled-factors', { token });
  return (listed.body.data as { factorType: string }[]).map((factor) => factor.factorType);
}

const verifyFace = (server: TestServer, mfaToken: string, photo: string) =>
  redeem(server, '/api/v2/mfa/face/verify', mfaToken, { photo });

/** The face worker processes this test process started (the server runs in-process). */
function faceWorkerPids(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('face-worker');
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('FACE with the built-in model', () => {
  const fixture = useTestServer({ config: { faceTimeoutMs: 60_000 } }, async (server) => {
    await enableFace(server);
    const user = await userWithOtp(server);
    const enrolled = await enrollFace(server, user.token, photos.enrolled);
    return { user, enrolled };
  });
  const { server } = fixture;

  test('enrolment with one capture binds FACE; get-factor and the list show no image or template (BIO-04)', async () => {
    expect(fixture.enrolled.body).toMatchObject({ statusCode: 200 });
    const listed = await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: fixture.user.token });
    const face = (listed.body.data as { factorId: string; factorType: string; profile: object }[]).find((f) => f.factorType === 'FACE')!;
    expect(face.profile).toEqual({});
    const got = await api(server, 'GET', '/api/v3/get-factor', { token: fixture.user.token, query: { factorId: face.factorId } });
    expect(got.body.data).toEqual({ factorId: face.factorId, factorType: 'FACE', profile: {} });
    expect(server.logs.text()).not.toContain(photos.enrolled.slice(40, 120));
  });

  test('the 1635 challenge says faceMfaEnabled', async () => {
    const challenge = await signInExpectingChallenge(server, fixture.user.email, fixture.user.password);
    expect(challenge.body.data).toMatchObject({ totpMfaEnabled: true, faceMfaEnabled: true });
  });

  test('another capture of the same face completes the sign-in, at aal1 with amr face (BIO-01)', async () => {
    const mfaToken = await challengeFor(server, fixture.user.email, fixture.user.password);
    const answer = await verifyFace(server, mfaToken, sameFaceLater);
    expect(answer.body).toMatchObject({ code: 200, data: { userId: fixture.user.userId } });
    expect(claimsOf(answer.body.data.token)).toMatchObject({ acr: 'aal1', amr: ['pwd', 'face'] });
  });

  test('a different person is refused with 1702', async () => {
    const mfaToken = await challengeFor(server, fixture.user.email, fixture.user.password);
    const answer = await verifyFace(server, mfaToken, photos.otherPerson);
    expect(answer.body).toMatchObject({ code: 1702 });
    expect(answer.body.data).toBeUndefined();
  });

  test.each([
    ['no face', () => photos.noFace, 'no face found'],
    ['two faces', () => twoPeople, 'more than one face'],
    ['a group photo', () => groupPhoto, 'more than one face'],
  ])('a photo with %s is refused with 1707 and says why', async (_case, photo, reason) => {
    const mfaToken = await challengeFor(server, fixture.user.email, fixture.user.password);
    const answer = await api(server, 'POST', '/api/v2/mfa/face/verify', { token: `Bearer ${mfaToken}`, body: { photo: photo() }, lang: 'en-US' });
    expect(answer.body).toMatchObject({ code: 1707, message: `The photo cannot be used: ${reason}` });
  });

  test('binding FACE as the first and only factor is refused with 1703 (BIO-01)', async () => {
    const newcomer = await signUpAndSignIn(server);
    const answer = await startFace(server, newcomer.token);
    expect(answer.body).toMatchObject({ statusCode: 400, apiCode: 1703 });
  });

  test('resetting the last other factor while a face is bound is refused with 46084 (BIO-01); the face can go first', async () => {
    const user = await userWithOtp(server);
    expect((await enrollFace(server, user.token, photos.enrolled)).body).toMatchObject({ statusCode: 200 });
    const listed = await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token });
    const idOf = (type: string) => (listed.body.data as { factorId: string; factorType: string }[]).find((f) => f.factorType === type)!.factorId;
    const reset = (factorId: string) => api(server, 'POST', '/api/v3/reset-factor', { token: user.token, body: { factorId } });
    expect((await reset(idOf('OTP'))).body).toMatchObject({ statusCode: 400, apiCode: 46084 });
    expect((await reset(idOf('FACE'))).body).toMatchObject({ statusCode: 200 });
    expect((await reset(idOf('OTP'))).body).toMatchObject({ statusCode: 200 });
  });

  test('an enrolment photo with no face binds nothing (1707)', async () => {
    const user = await userWithOtp(server);
    const answer = await enrollFace(server, user.token, photos.noFace);
    expect(answer.body).toMatchObject({ statusCode: 400, apiCode: 1707 });
    expect(await boundTypes(server, user.token)).toEqual(['OTP']);
  });

  test('the worker crashing mid-comparison answers 503 and binds nothing; the next request gets a fresh worker', async () => {
    const user = await userWithOtp(server);
    const started = await startFace(server, user.token);
    const pending = api(server, 'POST', '/api/v3/enroll-factor', {
      token: user.token,
      body: { factorType: 'FACE', enrollmentToken: started.body.data.enrollmentToken, enrollmentData: { photo: groupPhoto } },
    });
    // Kill it while it works on the request (a comparison takes hundreds of ms on the warm worker).
    await new Promise((resolve) => setTimeout(resolve, 150));
    const workers = faceWorkerPids();
    expect(workers.length).toBe(1);
    for (const pid of workers) process.kill(pid, 'SIGKILL');
    const answer = await pending;
    expect(answer.body).toMatchObject({ statusCode: 503, apiCode: 46083 });
    expect(await boundTypes(server, user.token)).toEqual(['OTP']);
    expect((await enrollFace(server, user.token, photos.enrolled)).body).toMatchObject({ statusCode: 200 });
  });
});

describe('FACE when the worker is too slow', () => {
  const { server } = useTestServer({ config: { faceTimeoutMs: 10 } }, async (started) => {
    await enableFace(started);
    return {};
  });

  test('a comparison past faceTimeoutMs answers 503 and binds nothing', async () => {
    const user = await userWithOtp(server);
    const answer = await enrollFace(server, user.token, photos.enrolled);
    expect(answer.body).toMatchObject({ statusCode: 503, apiCode: 46083 });
    expect(await boundTypes(server, user.token)).toEqual(['OTP']);
  });
});
