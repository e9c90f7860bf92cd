import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollByCode, enrollOtp } from '../support/factors.js';
import { signInWithRecoveryCode } from '../support/mfa.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

const startEmail = (token: string, email: string) =>
  api(server, 'POST', '/api/v3/send-enroll-factor-request', { token, body: { factorType: 'EMAIL', profile: { email } } });

describe('sessions and step-up', () => {
  test('every access token names a live session; a revoked session answers 401 INVALID_TOKEN', async () => {
    const user = await signUpAndSignIn(server);
    const { claimsOf } = await import('../support/mfa.js');
    const sid = claimsOf(user.token).sid as string;
    await server.server.runtime.store.sessions.revokeOthers(user.userId, null, server.clock.now());
    const answer = await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token });
    expect(answer.body).toMatchObject({ statusCode: 401, apiCode: 46010 });
    expect(sid.length).toBeGreaterThan(20);
  });

  test('binding a second factor right after the first works: enroll-factor raised the session', async () => {
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    expect((await startEmail(user.token, 'second@example.com')).body.statusCode).toBe(200);
  });

  test('an hour after the last second factor, binding another is refused with 403 STEP_UP_REQUIRED', async () => {
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    server.clock.advanceSeconds(3601);
    const answer = await startEmail(user.token, 'late@example.com');
    expect(answer.body).toMatchObject({ statusCode: 403, apiCode: 46072 });
  });

  test('mfa-totp-verify is a step-up: binding works again afterwards', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    server.clock.advanceSeconds(3601);
    const verified = await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp: otp.codeAt(server.clock.now()) } });
    expect(verified.body.data).toEqual({ verified: true });
    expect((await startEmail(user.token, 'stepped-up@example.com')).body.statusCode).toBe(200);
  });

  test('resetting a factor without a recent second factor is refused with 403 (ENR-03)', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    server.clock.advanceSeconds(3601);
    const answer = await api(server, 'POST', '/api/v3/reset-factor', { token: user.token, body: { factorId: otp.factorId } });
    expect(answer.body).toMatchObject({ statusCode: 403, apiCode: 46072 });
  });

  test('with only EMAIL bound, the email binding itself is step-up enough to bind another factor', async () => {
    const user = await signUpAndSignIn(server);
    await enrollByCode(server, user.token, 'EMAIL', { email: 'only-mail@example.com' }, 'only-mail@example.com');
    const sms = await api(server, 'POST', '/api/v3/send-enroll-factor-request', { token: user.token, body: { factorType: 'SMS', profile: { phoneNumber: '13512340000' } } });
    expect(sms.body.statusCode).toBe(200);
  });

  test("resetting a factor ends the user's other sessions but not the caller's (ENR-03)", async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const other = await signInWithRecoveryCode(server, user.email, user.password, otp.recoveryCode);
    expect((await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: other.token })).body.statusCode).toBe(200);
    expect((await api(server, 'POST', '/api/v3/reset-factor', { token: user.token, body: { factorId: otp.factorId } })).body.statusCode).toBe(200);
    expect((await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: other.token })).body).toMatchObject({ statusCode: 401 });
    expect((await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token })).body.statusCode).toBe(200);
  });
});
