import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { generateTotp } from '../../src/domain/factors/otp/totp.js';
import { secretOfUri } from '../support/factors.js';
import { runPythonDriver, type PythonAsk } from '../support/python-sdk.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * The official GenAuth Python SDK (authing-py-sdk 5.1, vendored at ../shared/vendor/authing-py-sdk) drives a
 * real server: test/compat/python/sdk_scenarios.py calls the SDK and reports each answer; the assertions are
 * here. One Python process per scenario group. Fails, never skips, when /usr/bin/python3 or the SDK is missing.
 */
const { server } = useTestServer();
const DRIVER = fileURLToPath(new URL('./python/sdk_scenarios.py', import.meta.url));
const PASSWORD = 'correct horse battery staple';

/** What only the test knows: a TOTP at the server's manual clock, a code in the outbox; and moving the clock. */
function answerAsk(ask: PythonAsk): unknown {
  if (ask.ask === 'totp') return generateTotp(secretOfUri(ask.uri as string), server.clock.now());
  if (ask.ask === 'code') return server.lastCodeFor(ask.to as string);
  if (ask.ask === 'advance') return server.clock.advanceSeconds(ask.seconds as number) ?? null;
  throw new Error(`unknown ask ${JSON.stringify(ask)}`);
}

const drive = (scenarios: string, setup: Record<string, string>) =>
  runPythonDriver(DRIVER, [scenarios, JSON.stringify({ url: server.url, appId: server.appId, appSecret: server.appSecret, password: PASSWORD, ...setup })], answerAsk);

describe('official authing-py-sdk against a real Tessera', () => {
  test('factor lifecycle: sign_up, sign_in, bind OTP/SMS/EMAIL, list, get_factor, mfa_otp_verify, reset_factor; zh-CN and en-US messages', async () => {
    const email = 'python-sdk@example.com';
    const phone = '13755556666';
    const r = await drive('factor-lifecycle,languages', { email, phone, langEmail: 'python-lang@example.com' });

    expect(r.signUp).toMatchObject({ statusCode: 200, data: { email } });
    expect(r.signIn).toMatchObject({ statusCode: 200, data: { access_token: expect.any(String), token_type: 'bearer' } });
    expect(r.otpStart).toMatchObject({ statusCode: 200, data: { enrollmentToken: expect.any(String), otpData: { qrCodeUri: expect.stringMatching(/^otpauth:\/\/totp\//) } } });
    for (const step of ['otpEnroll', 'SMSEnroll', 'EMAILEnroll', 'resetSms']) expect(r[step], step).toMatchObject({ statusCode: 200 });

    const listed = r.listEnrolled.data as { factorId: string; factorType: string }[];
    expect(listed.map((factor) => factor.factorType).sort()).toEqual(['EMAIL', 'OTP', 'SMS']);
    const idOf = (type: string) => listed.find((factor) => factor.factorType === type)!.factorId;
    // get_factor: every field of the documented GetFactorRespDto, nothing else.
    const getFactorAnswer = (factorType: string, profile: object) => ({
      statusCode: 200,
      message: expect.any(String),
      requestId: expect.any(String),
      data: { factorId: idOf(factorType), factorType, profile },
    });
    expect(r.getFactorOTP).toStrictEqual(getFactorAnswer('OTP', {}));
    expect(r.getFactorSMS).toStrictEqual(getFactorAnswer('SMS', { phoneNumber: phone, phoneCountryCode: '+86' }));
    expect(r.getFactorEMAIL).toStrictEqual(getFactorAnswer('EMAIL', { email }));

    expect(r.otpVerify).toMatchObject({ statusCode: 200, data: { verified: true } });
    expect(r.otpVerifyReplayed).toMatchObject({ statusCode: 200, data: { verified: false } });
    expect((r.listAfterReset.data as { factorType: string }[]).map((factor) => factor.factorType).sort()).toEqual(['EMAIL', 'OTP']);
    expect(r.getResetFactor).toMatchObject({ statusCode: 404 });

    expect(r['wrongPassword:zh-CN']).toMatchObject({ statusCode: 403, apiCode: 2333, message: expect.stringMatching(/[\u4e00-\u9fff]/) });
    expect(r['wrongPassword:en-US']).toMatchObject({ statusCode: 403, apiCode: 2333, message: 'Account not exists or password is incorrect.' });
    expect(r['unknownFactor:zh-CN']).toMatchObject({ statusCode: 404, message: expect.stringMatching(/[\u4e00-\u9fff]/) });
    expect(r['unknownFactor:en-US']).toMatchObject({ statusCode: 404, message: expect.stringMatching(/^[\x20-\x7e]+$/) });
    expect(r['unknownFactor:en-US'].apiCode).toBe(r['unknownFactor:zh-CN'].apiCode);
  });

  test('wire quirks: a nested None arrives as null (+86), and client_secret_basic sends no credentials, which such an app accepts', async () => {
    const { app, appSecret } = await server.server.runtime.services.admin.createApp({ name: 'Basic app', tokenEndpointAuthMethod: 'client_secret_basic' });
    const r = await drive('wire-quirks', { basicAppId: app.id, basicAppSecret: appSecret, basicEmail: 'python-basic@example.com', basicPhone: '13211112222' });

    expect(r.basicSignIn).toMatchObject({ statusCode: 200, data: { access_token: expect.any(String) } });
    expect(r.nullCountryCode).toMatchObject({ statusCode: 200 });
    expect(server.lastCodeFor('+8613211112222')).toMatch(/^\d{6}$/);
  });

  test('sign-in with OTP bound: the 1635 answer, verify_mfa_token, the second step over HTTP from Python, get_profile', async () => {
    const r = await drive('mfa-sign-in', { email: 'python-mfa@example.com' });

    expect(r.challenge).toMatchObject({
      statusCode: 499,
      apiCode: 1635,
      data: { mfaToken: expect.any(String), totpMfaEnabled: true, applicationMfa: expect.arrayContaining([{ mfaPolicy: 'OTP', status: 1, sort: 1 }]) },
    });
    expect(r.challenge.data).not.toHaveProperty('access_token');
    expect(r.mfaTokenIntrospected).toMatchObject({ active: true, exp: expect.any(Number) });
    expect(r.wrongTotp).toMatchObject({ code: 6001 });
    expect(r.redeemed).toMatchObject({ code: 200, data: { email: 'python-mfa@example.com', token: expect.any(String) } });
    expect(r.redeemedAgain).toMatchObject({ code: 46070 });
    expect(r.listWithNewToken).toMatchObject({ statusCode: 200, data: [{ factorType: 'OTP' }] });
    expect(r.profile).toMatchObject({ statusCode: 200, data: { email: 'python-mfa@example.com' } });
  });
});
