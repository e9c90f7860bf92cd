/**
 * Threat: an attacker with the password guesses second-factor codes and, whenever a limit bites, starts a
 * new sign-in or asks for a new code — hoping each challenge or code comes with a fresh budget (caddy-
 * security #271, Zitadel CVE-2024-32868). The budget belongs to the account: failures on any challenge,
 * before and after a resend, add up, and 10 lock verification — even the right code is then refused with
 * the seconds to wait (RL-01, RL-02).
 */
import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollByCode, enrollOtp } from '../support/factors.js';
import { challengeFor, redeem, verifyTotp } from '../support/mfa.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

const PHONE = '13700001234';
const E164 = '+8613700001234';
const wrongOf = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
const sendSms = (mfaToken: string) => api(server, 'POST', '/api/v3/send-sms', { token: mfaToken, body: { channel: 'CHANNEL_VERIFY_MFA', phoneNumber: PHONE } });
const verifySms = (mfaToken: string, code: string) => redeem(server, '/api/v2/applications/mfa/sms/verify', mfaToken, { phone: PHONE, code });

describe('one failure budget per account', () => {
  test('5 wrong codes on one challenge, 5 more on a new challenge around a resend: locked at 10', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    await enrollByCode(server, user.token, 'SMS', { phoneNumber: PHONE }, E164);

    server.clock.advanceSeconds(61);
    const first = await challengeFor(server, user.email, user.password);
    await sendSms(first);
    for (let i = 0; i < 5; i++) expect((await verifySms(first, wrongOf(server.lastCodeFor(E164)))).body.code).toBe(6001);

    server.clock.advanceSeconds(61);
    const second = await challengeFor(server, user.email, user.password);
    await sendSms(second);
    for (let i = 0; i < 2; i++) expect((await verifySms(second, wrongOf(server.lastCodeFor(E164)))).body.code).toBe(6001);
    server.clock.advanceSeconds(61);
    expect((await sendSms(second)).body.statusCode).toBe(200); // a resent code: the count carries on
    for (let i = 0; i < 3; i++) expect((await verifySms(second, wrongOf(server.lastCodeFor(E164)))).body.code).toBe(6001);

    const third = await challengeFor(server, user.email, user.password);
    const right = await verifyTotp(server, third, otp.codeAt(server.clock.now()));
    expect(right.body).toMatchObject({ code: 2057, data: { retryAfterSeconds: 30 } });
    expect(right.headers.get('retry-after')).toBe('30');
  });

  test('after the lock expires the right code passes and clears the count', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    for (let c = 0; c < 2; c++) {
      const mfaToken = await challengeFor(server, user.email, user.password);
      for (let i = 0; i < 5; i++) await verifyTotp(server, mfaToken, wrongOf(otp.codeAt(server.clock.now())));
    }
    server.clock.advanceSeconds(31);
    const mfaToken = await challengeFor(server, user.email, user.password);
    expect((await verifyTotp(server, mfaToken, otp.codeAt(server.clock.now()))).body.code).toBe(200);
    expect(await server.server.runtime.store.budget.read(user.userId)).toMatchObject({ failures: 0 });
  });

  test('wrong enrollment codes and wrong step-up codes count in the same budget', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const stepUp = (totp: string) => api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp } });
    const started = await api(server, 'POST', '/api/v3/send-enroll-factor-request', {
      token: user.token,
      body: { factorType: 'EMAIL', profile: { email: 'budget@example.com' } },
    });
    const wrongEnrollment = { passCode: wrongOf(server.lastCodeFor('budget@example.com')) };
    for (let i = 0; i < 5; i++) {
      const answer = await api(server, 'POST', '/api/v3/enroll-factor', {
        token: user.token,
        body: { factorType: 'EMAIL', enrollmentToken: started.body.data.enrollmentToken, enrollmentData: wrongEnrollment },
      });
      expect(answer.body.apiCode).toBe(6001);
    }
    for (let i = 0; i < 5; i++) expect((await stepUp(wrongOf(otp.codeAt(server.clock.now())))).body.data).toEqual({ verified: false });
    expect((await stepUp(otp.codeAt(server.clock.now()))).body).toMatchObject({ statusCode: 429, apiCode: 2057 });
  });
});
