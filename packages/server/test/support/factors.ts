import { Secret } from 'otpauth';
import { generateTotp } from '../../src/domain/factors/otp/totp.js';
import { api } from './api.js';
import type { TestServer } from './test-server.js';

export interface EnrolledOtp {
  factorId: string;
  secret: Uint8Array;
  recoveryCode: string;
  /** The TOTP of this secret at a moment. */
  codeAt(epochMs: number): string;
}

/** The secret inside an otpauth:// URI, as an authenticator app reads it. */
export function secretOfUri(uri: string): Uint8Array {
  const base32 = new URL(uri).searchParams.get('secret');
  if (!base32) throw new Error(`no secret in ${uri}`);
  return new Uint8Array(Secret.fromBase32(base32).bytes);
}

/** Starts an OTP enrollment; returns the token and what the authenticator app would scan. */
export async function startOtpEnrollment(server: TestServer, token: string) {
  const answer = await api(server, 'POST', '/api/v3/send-enroll-factor-request', { token, body: { factorType: 'OTP', profile: {} } });
  if (answer.body.statusCode !== 200) throw new Error(`send-enroll-factor-request failed: ${JSON.stringify(answer.body)}`);
  const { enrollmentToken, otpData } = answer.body.data;
  return { enrollmentToken: enrollmentToken as string, otpData, secret: secretOfUri(otpData.qrCodeUri) };
}

/** Binds an OTP factor the whole way, confirming with the current code; the clock then moves one step on. */
export async function enrollOtp(server: TestServer, token: string): Promise<EnrolledOtp> {
  const { enrollmentToken, otpData, secret } = await startOtpEnrollment(server, token);
  const confirm = await api(server, 'POST', '/api/v3/enroll-factor', {
    token,
    body: { factorType: 'OTP', enrollmentToken, enrollmentData: { passCode: generateTotp(secret, server.clock.now()) } },
  });
  if (confirm.body.statusCode !== 200) throw new Error(`enroll-factor failed: ${JSON.stringify(confirm.body)}`);
  // The confirming code is spent (RPL-03); move on so the next code is a fresh step.
  server.clock.advanceSeconds(30);
  const listed = await api(server, 'GET', '/api/v3/list-enrolled-factors', { token });
  const factor = (listed.body.data as { factorId: string; factorType: string }[]).find((f) => f.factorType === 'OTP')!;
  return { factorId: factor.factorId, secret, recoveryCode: otpData.recoveryCode, codeAt: (ms) => generateTotp(secret, ms) };
}

/** Binds an SMS or EMAIL factor through the outbox. */
export async function enrollByCode(server: TestServer, token: string, factorType: 'SMS' | 'EMAIL', profile: Record<string, string>, deliveredTo: string) {
  const started = await api(server, 'POST', '/api/v3/send-enroll-factor-request', { token, body: { factorType, profile } });
  if (started.body.statusCode !== 200) throw new Error(`send-enroll-factor-request failed: ${JSON.stringify(started.body)}`);
  const passCode = server.lastCodeFor(deliveredTo);
  const confirm = await api(server, 'POST', '/api/v3/enroll-factor', {
    token,
    body: { factorType, enrollmentToken: started.body.data.enrollmentToken, enrollmentData: { passCode } },
  });
  if (confirm.body.statusCode !== 200) throw new Error(`enroll-factor failed: ${JSON.stringify(confirm.body)}`);
  const listed = await api(server, 'GET', '/api/v3/list-enrolled-factors', { token });
  return (listed.body.data as { factorId: string; factorType: string }[]).find((f) => f.factorType === factorType)!.factorId;
}
