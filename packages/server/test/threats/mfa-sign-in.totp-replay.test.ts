/**
 * Threat: an attacker who watched the user type a TOTP at sign-in (shoulder-surfing, a phishing proxy)
 * replays it on a sign-in of their own while it is still inside the acceptance window — or replays an
 * older code (step T-1) after T was used, or the code that confirmed enrollment at the very first
 * sign-in. RFC 6238 §5.2: a code passes once, whatever the challenge (RPL-01, RPL-02, RPL-03), and a replay
 * answers exactly like a wrong code (RPL-05).
 */
import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { startOtpEnrollment } from '../support/factors.js';
import { enrollOtp } from '../support/factors.js';
import { challengeFor, verifyTotp } from '../support/mfa.js';
import { generateTotp } from '../../src/domain/factors/otp/totp.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

async function userWithOtp() {
  const user = await signUpAndSignIn(server);
  return { user, otp: await enrollOtp(server, user.token) };
}

describe('TOTP replay at sign-in', () => {
  test('a code that completed one challenge is refused on a second challenge (RPL-01)', async () => {
    const { user, otp } = await userWithOtp();
    const code = otp.codeAt(server.clock.now());
    const first = await challengeFor(server, user.email, user.password);
    const second = await challengeFor(server, user.email, user.password);
    expect((await verifyTotp(server, first, code)).body.code).toBe(200);
    expect((await verifyTotp(server, second, code)).body).toMatchObject({ code: 6001 });
  });

  test('the code of step T-1 after the code of step T is refused (RPL-02)', async () => {
    const { user, otp } = await userWithOtp();
    const now = server.clock.now();
    expect((await verifyTotp(server, await challengeFor(server, user.email, user.password), otp.codeAt(now))).body.code).toBe(200);
    const older = await verifyTotp(server, await challengeFor(server, user.email, user.password), otp.codeAt(now - 30_000));
    expect(older.body).toMatchObject({ code: 6001 });
  });

  test('the code that confirmed enrollment is refused at the first sign-in (RPL-03)', async () => {
    const user = await signUpAndSignIn(server);
    const { enrollmentToken, secret } = await startOtpEnrollment(server, user.token);
    const code = generateTotp(secret, server.clock.now());
    const bound = await api(server, 'POST', '/api/v3/enroll-factor', {
      token: user.token,
      body: { factorType: 'OTP', enrollmentToken, enrollmentData: { passCode: code } },
    });
    expect(bound.body.statusCode).toBe(200);
    expect((await verifyTotp(server, await challengeFor(server, user.email, user.password), code)).body).toMatchObject({ code: 6001 });
  });

  test('a replayed code and a wrong code get identical answers (RPL-05)', async () => {
    const { user, otp } = await userWithOtp();
    const code = otp.codeAt(server.clock.now());
    await verifyTotp(server, await challengeFor(server, user.email, user.password), code);
    const replayed = await verifyTotp(server, await challengeFor(server, user.email, user.password), code);
    const wrong = await verifyTotp(server, await challengeFor(server, user.email, user.password), code === '000000' ? '000001' : '000000');
    const shape = ({ body }: { body: Record<string, unknown> }) => ({ ...body, requestId: undefined });
    expect(shape(replayed)).toEqual(shape(wrong));
  });

  test('the replay is recorded in the audit trail as replayed, not as failed', async () => {
    const { user, otp } = await userWithOtp();
    const code = otp.codeAt(server.clock.now());
    await verifyTotp(server, await challengeFor(server, user.email, user.password), code);
    await verifyTotp(server, await challengeFor(server, user.email, user.password), code);
    const events = await server.server.runtime.services.admin.listAudit({ userId: user.userId, limit: 100 });
    expect(events.filter((event) => event.type === 'verify' && event.via === 'sign-in').map((event) => event.outcome)).toEqual(['ok', 'replayed']);
  });
});
