import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signIn, signUpAndSignIn } from '../support/accounts.js';
import { enrollByCode, enrollOtp } from '../support/factors.js';
import { challengeFor, claimsOf, signInExpectingChallenge, verifyTotp } from '../support/mfa.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

const password = 'correct horse battery staple';

async function newApp(mfaPolicy: 'off' | 'if-enrolled' | 'required') {
  const { app, appSecret } = await server.server.runtime.services.admin.createApp({ name: `App ${mfaPolicy}`, mfaPolicy });
  return { appId: app.id, appSecret };
}

async function signUpOn(app: { appId: string }, email: string) {
  await api(server, 'POST', '/api/v3/signup', { appId: app.appId, body: { connection: 'PASSWORD', passwordPayload: { email, password } } });
}

const signInOn = (app: { appId: string; appSecret: string }, email: string) =>
  api(server, 'POST', '/api/v3/signin', {
    appId: app.appId,
    body: { connection: 'PASSWORD', passwordPayload: { email, password }, client_id: app.appId, client_secret: app.appSecret },
  });

describe('POST /api/v3/signin with MFA', () => {
  test('a user without factors gets an aal1 token naming its session (amr pwd)', async () => {
    const user = await signUpAndSignIn(server);
    expect(claimsOf(user.token)).toMatchObject({ amr: ['pwd'], acr: 'aal1', sid: expect.any(String) });
  });

  test('a user with a bound factor gets statusCode 499, apiCode 1635, an mfaToken and no access token', async () => {
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    const answer = await signInExpectingChallenge(server, user.email, user.password);
    expect(answer.httpStatus).toBe(200);
    expect(answer.body).toMatchObject({ statusCode: 499, apiCode: 1635 });
    expect(answer.body.data).toEqual({
      mfaToken: expect.any(String),
      totpMfaEnabled: true,
      faceMfaEnabled: false,
      applicationMfa: [
        { mfaPolicy: 'OTP', status: 1, sort: 1 },
        { mfaPolicy: 'SMS', status: 0, sort: 2 },
        { mfaPolicy: 'EMAIL', status: 0, sort: 3 },
      ],
    });
    expect(JSON.stringify(answer.body)).not.toContain('access_token');
  });

  test('the mfaToken carries at least 128 random bits and only its hash is stored', async () => {
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    const { mfaToken } = (await signInExpectingChallenge(server, user.email, user.password)).body.data;
    expect(Buffer.from(mfaToken, 'base64url').length).toBeGreaterThanOrEqual(16);
    const rows = await server.server.runtime.store.db.selectFrom('mfa_challenges').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(mfaToken);
  });

  test('phone and email are masked in the 1635 answer', async () => {
    const user = await signUpAndSignIn(server);
    await enrollByCode(server, user.token, 'SMS', { phoneNumber: '13812345678' }, '+8613812345678');
    await enrollByCode(server, user.token, 'EMAIL', { email: 'masked.person@example.com' }, 'masked.person@example.com');
    const { data } = (await signInExpectingChallenge(server, user.email, user.password)).body;
    expect(data).toMatchObject({ mfaPhone: '138****5678', mfaPhoneCountryCode: '+86', mfaEmail: 'm***@example.com', totpMfaEnabled: false });
    expect(JSON.stringify(data)).not.toContain('13812345678');
    expect(JSON.stringify(data)).not.toContain('masked.person');
  });

  test('policy off: a user with a bound factor still gets a token', async () => {
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    await server.server.runtime.services.admin.updateApp(server.appId, { mfaPolicy: 'off' });
    try {
      expect(claimsOf(await signIn(server, user.email, user.password))).toMatchObject({ acr: 'aal1', amr: ['pwd'] });
    } finally {
      await server.server.runtime.services.admin.updateApp(server.appId, { mfaPolicy: 'if-enrolled' });
    }
  });

  test('a factor the app does not offer does not trigger the challenge under if-enrolled', async () => {
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    await server.server.runtime.services.admin.updateApp(server.appId, { enabledFactors: ['SMS', 'EMAIL'] });
    try {
      expect(await signIn(server, user.email, user.password)).toEqual(expect.any(String));
    } finally {
      await server.server.runtime.services.admin.updateApp(server.appId, { enabledFactors: ['OTP', 'SMS', 'EMAIL'] });
    }
  });

  test('policy required, no factor: statusCode 499, apiCode 1636 and an mfaToken, no access token', async () => {
    const app = await newApp('required');
    await signUpOn(app, 'must-enroll@example.com');
    const answer = await signInOn(app, 'must-enroll@example.com');
    expect(answer.body).toMatchObject({ statusCode: 499, apiCode: 1636, data: { mfaToken: expect.any(String), totpMfaEnabled: false } });
    expect(answer.body.data.applicationMfa.every((entry: { status: number }) => entry.status === 0)).toBe(true);
  });

  test('the 1636 mfaToken binds a factor, then redeems with it for an aal2 token', async () => {
    const app = await newApp('required');
    await signUpOn(app, 'enroll-then-redeem@example.com');
    const { mfaToken } = (await signInOn(app, 'enroll-then-redeem@example.com')).body.data;
    const asEnrollee = { appId: app.appId, token: `Bearer ${mfaToken}` };
    const toEnroll = await api(server, 'GET', '/api/v3/list-factors-to-enroll', asEnrollee);
    expect(toEnroll.body).toMatchObject({ statusCode: 200, data: [{ factorType: 'OTP' }, { factorType: 'SMS' }, { factorType: 'EMAIL' }] });
    const started = await api(server, 'POST', '/api/v3/send-enroll-factor-request', { ...asEnrollee, body: { factorType: 'OTP', profile: {} } });
    const { generateTotp } = await import('../../src/domain/factors/otp/totp.js');
    const { secretOfUri } = await import('../support/factors.js');
    const secret = secretOfUri(started.body.data.otpData.qrCodeUri);
    const bound = await api(server, 'POST', '/api/v3/enroll-factor', {
      ...asEnrollee,
      body: { factorType: 'OTP', enrollmentToken: started.body.data.enrollmentToken, enrollmentData: { passCode: generateTotp(secret, server.clock.now()) } },
    });
    expect(bound.body.statusCode).toBe(200);
    server.clock.advanceSeconds(30);
    const redeemed = await api(server, 'POST', '/api/v2/mfa/totp/verify', { ...asEnrollee, body: { totp: generateTotp(secret, server.clock.now()) } });
    expect(redeemed.body).toMatchObject({ code: 200, data: { email: 'enroll-then-redeem@example.com' } });
    expect(claimsOf(redeemed.body.data.token)).toMatchObject({ acr: 'aal2', amr: ['pwd', 'otp', 'mfa'] });
  });
});

describe('login count', () => {
  const loginsCount = async (userId: string) =>
    (await server.server.runtime.store.users.findById(userId))!.loginsCount;

  test('a sign-in stopped at its MFA challenge is not counted; the completed one is', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    expect(await loginsCount(user.userId)).toBe(1);
    const mfaToken = await challengeFor(server, user.email, user.password);
    expect(await loginsCount(user.userId)).toBe(1);
    expect((await verifyTotp(server, mfaToken, otp.codeAt(server.clock.now()))).body.code).toBe(200);
    expect(await loginsCount(user.userId)).toBe(2);
  });
});
