import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { secretOfUri } from '../support/factors.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

const send = (token: string, body: unknown, lang?: string) =>
  api(server, 'POST', '/api/v3/send-enroll-factor-request', { token, body, ...(lang ? { lang } : {}) });

describe('POST /api/v3/send-enroll-factor-request', () => {
  test('OTP returns an enrollment token, an otpauth URI (SHA1, 6 digits, 30 s: TOTP-03), a PNG QR data URL and a recovery code', async () => {
    const user = await signUpAndSignIn(server, 'otp-start@example.com');
    const answer = await send(user.token, { factorType: 'OTP', profile: {} });
    expect(answer.body.statusCode).toBe(200);
    const { enrollmentToken, otpData } = answer.body.data;
    expect(Buffer.from(enrollmentToken, 'base64url').length).toBeGreaterThanOrEqual(16);
    const uri = new URL(otpData.qrCodeUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Tessera:otp-start@example.com');
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({ issuer: 'Tessera', algorithm: 'SHA1', digits: '6', period: '30' });
    expect(otpData.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(Buffer.from(otpData.qrCodeDataUrl.split(',')[1], 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(otpData.recoveryCode).toMatch(/^[0-9a-f]{4}(-[0-9a-f]{4}){5}$/);
  });

  test('OTP secrets have at least 160 bits and differ between enrollments (TOTP-02)', async () => {
    const user = await signUpAndSignIn(server);
    const secrets = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const { body } = await send(user.token, { factorType: 'OTP', profile: {} });
      const secret = secretOfUri(body.data.otpData.qrCodeUri);
      expect(secret.length).toBeGreaterThanOrEqual(20);
      secrets.add(Buffer.from(secret).toString('hex'));
    }
    expect(secrets.size).toBe(5);
  });

  test('SMS sends a 6-digit code to the E.164 number, defaulting the country code to +86', async () => {
    const user = await signUpAndSignIn(server);
    const answer = await send(user.token, { factorType: 'SMS', profile: { phoneNumber: '13900139000' } });
    expect(answer.body.statusCode).toBe(200);
    expect(answer.body.data.otpData).toBeUndefined();
    const line = server.outbox().find((entry) => entry.to === '+8613900139000');
    expect(line).toMatchObject({ channel: 'sms', purpose: 'enroll-factor' });
    expect(line!.code).toMatch(/^\d{6}$/);
  });

  test('SMS honours an explicit phoneCountryCode', async () => {
    const user = await signUpAndSignIn(server);
    await send(user.token, { factorType: 'SMS', profile: { phoneNumber: '2025550143', phoneCountryCode: '+1' } });
    expect(server.outbox().some((entry) => entry.to === '+12025550143')).toBe(true);
  });

  test('EMAIL sends a 6-digit code to the address', async () => {
    const user = await signUpAndSignIn(server);
    const answer = await send(user.token, { factorType: 'EMAIL', profile: { email: 'codes@example.com' } });
    expect(answer.body.statusCode).toBe(200);
    expect(server.lastCodeFor('codes@example.com')).toMatch(/^\d{6}$/);
  });

  test('a second code to the same phone number within 60 s is refused with the seconds to wait', async () => {
    const first = await signUpAndSignIn(server);
    const second = await signUpAndSignIn(server);
    await send(first.token, { factorType: 'SMS', profile: { phoneNumber: '13700137000' } });
    server.clock.advanceSeconds(20);
    const answer = await send(second.token, { factorType: 'SMS', profile: { phoneNumber: '13700137000' } });
    expect(answer.body).toMatchObject({ statusCode: 429, apiCode: 46040, data: { retryAfterSeconds: 40 } });
    server.clock.advanceSeconds(40);
    expect((await send(second.token, { factorType: 'SMS', profile: { phoneNumber: '13700137000' } })).body.statusCode).toBe(200);
  });

  test.each([
    { profile: { phoneNumber: '123' }, apiCode: 46032 },
    { profile: { phoneNumber: '13800138000', phoneCountryCode: 'abc' }, apiCode: 46032 },
    { profile: {}, apiCode: 46032 },
  ])('SMS with profile $profile is refused with apiCode $apiCode', async ({ profile, apiCode }) => {
    const user = await signUpAndSignIn(server);
    expect((await send(user.token, { factorType: 'SMS', profile })).body).toMatchObject({ statusCode: 400, apiCode });
  });

  test.each([{ email: 'no-at-sign' }, { email: 'a@b' }, {}])('EMAIL with profile %j is refused', async (profile) => {
    const user = await signUpAndSignIn(server);
    expect((await send(user.token, { factorType: 'EMAIL', profile })).body).toMatchObject({ statusCode: 400, apiCode: 46033 });
  });

  test('FACE is refused as not enabled when the app does not enable it (the default app offers OTP, SMS, EMAIL)', async () => {
    const user = await signUpAndSignIn(server);
    const answer = await send(user.token, { factorType: 'FACE', profile: {} }, 'en-US');
    expect(answer.body).toMatchObject({ statusCode: 400, apiCode: 46030, message: 'Factor type FACE is not enabled for this application' });
  });

  test('a type already bound is refused with 409', async () => {
    const user = await signUpAndSignIn(server);
    const { body } = await send(user.token, { factorType: 'EMAIL', profile: { email: 'bound@example.com' } });
    await api(server, 'POST', '/api/v3/enroll-factor', {
      token: user.token,
      body: { factorType: 'EMAIL', enrollmentToken: body.data.enrollmentToken, enrollmentData: { passCode: server.lastCodeFor('bound@example.com') } },
    });
    server.clock.advanceSeconds(61);
    const again = await send(user.token, { factorType: 'EMAIL', profile: { email: 'bound2@example.com' } });
    expect(again.body).toMatchObject({ statusCode: 409, apiCode: 46031 });
  });
});
