import { expect } from 'vitest';
import { generateTotp } from '../../src/domain/factors/otp/totp.js';
import { secretOfUri } from '../support/factors.js';
import type { TestServer } from '../support/test-server.js';

/**
 * What both SDKs share for the MFA factor management group: the official GenAuth Node SDK and
 * @tessera/sdk expose these methods with the same names, arguments and answers.
 */
export interface FactorClient {
  signUpByEmailPassword(input: { email: string; password: string }): Promise<any>;
  signInByEmailPassword(input: { email: string; password: string }): Promise<any>;
  setAccessToken(token: string): void;
  listFactorsToEnroll(): Promise<any>;
  sendEnrollFactorRequest(dto: any): Promise<any>;
  enrollFactor(dto: any): Promise<any>;
  listEnrolledFactors(): Promise<any>;
  getFactor(input: { factorId: string }): Promise<any>;
  mfaOtpVerify(input: { totp: string }): Promise<any>;
  resetFactor(input: { factorId: string }): Promise<any>;
}

/** signup → signin → enroll OTP, SMS, EMAIL → list → get → verify → reset, checked at every step. */
export async function runFactorLifecycle(server: TestServer, client: FactorClient, label: string): Promise<void> {
  const email = `${label}@example.com`;
  const password = 'correct horse battery staple';
  const phone = label.length % 2 === 0 ? '13811112222' : '13822223333';

  expect(await client.signUpByEmailPassword({ email, password })).toMatchObject({ statusCode: 200, data: { email } });
  const signIn = await client.signInByEmailPassword({ email, password });
  expect(signIn).toMatchObject({ statusCode: 200, data: { token_type: 'bearer' } });
  client.setAccessToken(signIn.data.access_token);

  expect((await client.listFactorsToEnroll()).data).toEqual([{ factorType: 'OTP' }, { factorType: 'SMS' }, { factorType: 'EMAIL' }]);

  // OTP: scan the URI, confirm with the current code.
  const otpStart = await client.sendEnrollFactorRequest({ factorType: 'OTP', profile: {} });
  expect(otpStart).toMatchObject({ statusCode: 200, data: { enrollmentToken: expect.any(String) } });
  const secret = secretOfUri(otpStart.data.otpData.qrCodeUri);
  expect(
    await client.enrollFactor({
      factorType: 'OTP',
      enrollmentToken: otpStart.data.enrollmentToken,
      enrollmentData: { passCode: generateTotp(secret, server.clock.now()) },
    }),
  ).toMatchObject({ statusCode: 200 });

  // SMS and EMAIL: the code arrives through the outbox.
  const smsStart = await client.sendEnrollFactorRequest({ factorType: 'SMS', profile: { phoneNumber: phone, phoneCountryCode: '+86' } });
  expect(
    await client.enrollFactor({
      factorType: 'SMS',
      enrollmentToken: smsStart.data.enrollmentToken,
      enrollmentData: { passCode: server.lastCodeFor(`+86${phone}`) },
    }),
  ).toMatchObject({ statusCode: 200 });
  const emailStart = await client.sendEnrollFactorRequest({ factorType: 'EMAIL', profile: { email } });
  expect(
    await client.enrollFactor({
      factorType: 'EMAIL',
      enrollmentToken: emailStart.data.enrollmentToken,
      enrollmentData: { passCode: server.lastCodeFor(email) },
    }),
  ).toMatchObject({ statusCode: 200 });

  const listed = await client.listEnrolledFactors();
  expect(listed.data.map((factor: { factorType: string }) => factor.factorType).sort()).toEqual(['EMAIL', 'OTP', 'SMS']);
  expect((await client.listFactorsToEnroll()).data).toEqual([]);

  const smsFactor = listed.data.find((factor: { factorType: string }) => factor.factorType === 'SMS');
  expect(await client.getFactor({ factorId: smsFactor.factorId })).toMatchObject({
    statusCode: 200,
    data: { factorId: smsFactor.factorId, factorType: 'SMS', profile: { phoneNumber: phone, phoneCountryCode: '+86' } },
  });

  server.clock.advanceSeconds(30);
  expect(await client.mfaOtpVerify({ totp: generateTotp(secret, server.clock.now()) })).toMatchObject({ statusCode: 200, data: { verified: true } });
  expect(await client.mfaOtpVerify({ totp: generateTotp(secret, server.clock.now()) })).toMatchObject({ statusCode: 200, data: { verified: false } });

  expect(await client.resetFactor({ factorId: smsFactor.factorId })).toMatchObject({ statusCode: 200 });
  expect(await client.getFactor({ factorId: smsFactor.factorId })).toMatchObject({ statusCode: 404 });
  expect((await client.listFactorsToEnroll()).data).toEqual([{ factorType: 'SMS' }]);
}
