/**
 * Threat: an attacker who saw a valid TOTP (shoulder-surfing, phishing proxy, logs) replays it while it is
 * still inside the acceptance window — or replays an older code still in the window after a newer one was
 * used — or races two requests with one code. RFC 6238 §5.2: a code is accepted at most once, enforced by
 * advancing the last accepted step with a compare-and-set (RPL-01, RPL-02, RPL-04, RPL-05).
 */
import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { signInWithRecoveryCode } from '../support/mfa.js';
import { enrollOtp } from '../support/factors.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

const verify = (token: string, totp: string) => api(server, 'POST', '/api/v3/mfa-totp-verify', { token, body: { totp } });

describe('TOTP replay', () => {
  test('the same code twice: the second is refused', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const code = otp.codeAt(server.clock.now());
    expect((await verify(user.token, code)).body.data).toEqual({ verified: true });
    expect((await verify(user.token, code)).body.data).toEqual({ verified: false });
  });

  test('the same code from a second session is refused', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    // With an OTP bound, a second sign-in needs MFA: the recovery code opens the second session.
    const otherSession = (await signInWithRecoveryCode(server, user.email, user.password, otp.recoveryCode)).token;
    const code = otp.codeAt(server.clock.now());
    expect((await verify(user.token, code)).body.data).toEqual({ verified: true });
    expect((await verify(otherSession, code)).body.data).toEqual({ verified: false });
  });

  test('the code of step T-1 after the code of step T is refused', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const now = server.clock.now();
    expect((await verify(user.token, otp.codeAt(now))).body.data).toEqual({ verified: true });
    expect((await verify(user.token, otp.codeAt(now - 30_000))).body.data).toEqual({ verified: false });
  });

  test('the code that confirmed enrollment cannot be used again (RPL-03)', async () => {
    const user = await signUpAndSignIn(server);
    const { startOtpEnrollment } = await import('../support/factors.js');
    const { generateTotp } = await import('../../src/domain/factors/otp/totp.js');
    const { enrollmentToken, secret } = await startOtpEnrollment(server, user.token);
    const code = generateTotp(secret, server.clock.now());
    await api(server, 'POST', '/api/v3/enroll-factor', { token: user.token, body: { factorType: 'OTP', enrollmentToken, enrollmentData: { passCode: code } } });
    expect((await verify(user.token, code)).body.data).toEqual({ verified: false });
  });

  test('a replayed code answers exactly like a wrong code (RPL-05)', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const code = otp.codeAt(server.clock.now());
    await verify(user.token, code);
    const replayed = await verify(user.token, code);
    const wrong = await verify(user.token, code === '000000' ? '000001' : '000000');
    const shape = ({ body }: { body: Record<string, unknown> }) => ({ ...body, requestId: undefined });
    expect(shape(replayed)).toEqual(shape(wrong));
  });

  test('20 parallel verifications of one valid code: exactly one succeeds (RPL-04)', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const code = otp.codeAt(server.clock.now());
    const answers = await Promise.all(Array.from({ length: 20 }, () => verify(user.token, code)));
    expect(answers.filter((answer) => answer.body.data?.verified === true)).toHaveLength(1);
  });
});
