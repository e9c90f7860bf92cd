/**
 * Threat: an account locked after repeated failures still obtains a token through a path the lock forgot
 * — another factor, the recovery code, enrollment, step-up (Keycloak CVE-2026-16103 via CIBA, Zitadel
 * CVE-2025-64102). Every path that accepts a code passes the same gate: while locked, none issues a token,
 * even for a correct code (RL-06); at 100 failures only an administrator unlocks (RL-01).
 */
import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollByCode, enrollOtp } from '../support/factors.js';
import { challengeFor, redeem, verifyRecovery, verifyTotp } from '../support/mfa.js';
import { useTestServer } from '../support/use-test-server.js';

// A small admin-unlock threshold keeps the second test short; the first lock still comes at 10.
const { server } = useTestServer({ config: { failuresUntilAdminUnlock: 20 } });

const wrongOf = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
const stepUp = (token: string, totp: string) => api(server, 'POST', '/api/v3/mfa-totp-verify', { token, body: { totp } });

describe('a locked account gets no token through any path', () => {
  test('TOTP, SMS, email, recovery code, enrollment and step-up all refuse the right code', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    await enrollByCode(server, user.token, 'SMS', { phoneNumber: '13811110000' }, '+8613811110000');
    await enrollByCode(server, user.token, 'EMAIL', { email: 'locked@example.com' }, 'locked@example.com');
    server.clock.advanceSeconds(61);
    const totpChallenge = await challengeFor(server, user.email, user.password);
    const smsChallenge = await challengeFor(server, user.email, user.password);
    const emailChallenge = await challengeFor(server, user.email, user.password);
    const recoveryChallenge = await challengeFor(server, user.email, user.password);
    await api(server, 'POST', '/api/v3/send-sms', { token: smsChallenge, body: { channel: 'CHANNEL_VERIFY_MFA', phoneNumber: '13811110000' } });
    await api(server, 'POST', '/api/v3/send-email', { token: emailChallenge, body: { channel: 'CHANNEL_VERIFY_MFA', email: 'locked@example.com' } });
    const smsCode = server.lastCodeFor('+8613811110000');
    const emailCode = server.lastCodeFor('locked@example.com');
    const enrollStart = await api(server, 'POST', '/api/v3/send-enroll-factor-request', { token: user.token, body: { factorType: 'OTP', profile: {} } });
    expect(enrollStart.body.statusCode).toBe(409); // OTP is bound; enrollment is exercised with the wrong codes below

    for (let i = 0; i < 10; i++) await stepUp(user.token, wrongOf(otp.codeAt(server.clock.now())));

    const now = server.clock.now();
    const answers = [
      await verifyTotp(server, totpChallenge, otp.codeAt(now)),
      await redeem(server, '/api/v2/applications/mfa/sms/verify', smsChallenge, { phone: '13811110000', code: smsCode }),
      await redeem(server, '/api/v2/applications/mfa/email/verify', emailChallenge, { email: 'locked@example.com', code: emailCode }),
      await verifyRecovery(server, recoveryChallenge, otp.recoveryCode),
    ];
    for (const answer of answers) {
      expect(answer.body).toMatchObject({ code: 2057, data: { retryAfterSeconds: expect.any(Number) } });
      expect(answer.body.data.token).toBeUndefined();
    }
    expect((await stepUp(user.token, otp.codeAt(now))).body).toMatchObject({ statusCode: 429, apiCode: 2057 });
  });

  test('enroll-factor with the right code is refused while locked', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const started = await api(server, 'POST', '/api/v3/send-enroll-factor-request', { token: user.token, body: { factorType: 'EMAIL', profile: { email: 'locked-enroll@example.com' } } });
    for (let i = 0; i < 10; i++) await stepUp(user.token, wrongOf(otp.codeAt(server.clock.now())));
    const answer = await api(server, 'POST', '/api/v3/enroll-factor', {
      token: user.token,
      body: { factorType: 'EMAIL', enrollmentToken: started.body.data.enrollmentToken, enrollmentData: { passCode: server.lastCodeFor('locked-enroll@example.com') } },
    });
    expect(answer.body).toMatchObject({ statusCode: 429, apiCode: 2057 });
  });

  test('at the admin-unlock threshold, waiting does not help; an administrator unlock does', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    for (let i = 0; i < 10; i++) await stepUp(user.token, wrongOf(otp.codeAt(server.clock.now())));
    server.clock.advanceSeconds(31);
    for (let i = 0; i < 10; i++) await stepUp(user.token, wrongOf(otp.codeAt(server.clock.now())));
    server.clock.advanceSeconds(86_400);
    const refused = await stepUp(user.token, otp.codeAt(server.clock.now()));
    // The access token expired meanwhile; the refusal is the same for a fresh recovery-code sign-in.
    const mfaToken = await challengeFor(server, user.email, user.password);
    expect((await verifyRecovery(server, mfaToken, otp.recoveryCode)).body).toMatchObject({ code: 46071 });
    expect(refused.body.statusCode).not.toBe(200);

    await server.server.runtime.services.admin.unlockUser({ userId: user.userId }, { appId: null, ip: null, userAgent: null });
    const events = await server.server.runtime.services.admin.listAudit({ userId: user.userId, limit: 100 });
    expect(events.map((event) => event.type)).toContain('unlock');
    expect((await verifyRecovery(server, await challengeFor(server, user.email, user.password), otp.recoveryCode)).body.code).toBe(200);
  });
});
