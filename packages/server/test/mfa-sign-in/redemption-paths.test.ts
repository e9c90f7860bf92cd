import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollByCode, enrollOtp } from '../support/factors.js';
import { challengeFor, claimsOf, redeem, verifyRecovery, verifyTotp } from '../support/mfa.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

const sendSms = (mfaToken: string, body: Record<string, unknown>) =>
  api(server, 'POST', '/api/v3/send-sms', { token: `Bearer ${mfaToken}`, body: { channel: 'CHANNEL_VERIFY_MFA', ...body } });
const sendEmail = (mfaToken: string, email: string) =>
  api(server, 'POST', '/api/v3/send-email', { token: mfaToken, body: { channel: 'CHANNEL_VERIFY_MFA', email } });

describe('POST /api/v2/mfa/totp/verify', () => {
  test('the current TOTP completes the sign-in: V2 envelope with the user and an aal2 token', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const mfaToken = await challengeFor(server, user.email, user.password);
    const answer = await verifyTotp(server, mfaToken, otp.codeAt(server.clock.now()));
    expect(answer.httpStatus).toBe(200);
    expect(answer.body).toMatchObject({ code: 200, data: { userId: user.userId, id: user.userId, email: user.email, tokenExpiredAt: expect.any(String) } });
    expect(claimsOf(answer.body.data.token)).toMatchObject({ sub: user.userId, acr: 'aal2', amr: ['pwd', 'otp', 'mfa'] });
    const listed = await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: answer.body.data.token });
    expect(listed.body.statusCode).toBe(200);
  });

  test('a wrong TOTP answers code 6001 and no token', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const mfaToken = await challengeFor(server, user.email, user.password);
    const right = otp.codeAt(server.clock.now());
    const answer = await verifyTotp(server, mfaToken, right === '000000' ? '000001' : '000000');
    expect(answer.body).toMatchObject({ code: 6001, message: '安全码错误' });
    expect(answer.body.data).toBeUndefined();
  });

  test('an unknown mfaToken answers code 46070', async () => {
    const answer = await verifyTotp(server, 'not-a-real-mfa-token', '123456');
    expect(answer.body).toMatchObject({ code: 46070 });
  });
});

describe('SMS: send-sms CHANNEL_VERIFY_MFA, then /api/v2/applications/mfa/sms/verify', () => {
  test('the texted code completes the sign-in at aal2 with amr sms', async () => {
    const user = await signUpAndSignIn(server);
    await enrollByCode(server, user.token, 'SMS', { phoneNumber: '13911112222' }, '+8613911112222');
    server.clock.advanceSeconds(61);
    const mfaToken = await challengeFor(server, user.email, user.password);
    expect((await sendSms(mfaToken, { phoneNumber: '13911112222' })).body.statusCode).toBe(200);
    const line = server.outbox().at(-1)!;
    expect(line).toMatchObject({ to: '+8613911112222', purpose: 'verify-mfa' });
    const answer = await redeem(server, '/api/v2/applications/mfa/sms/verify', mfaToken, { phone: '13911112222', code: line.code });
    expect(answer.body.code).toBe(200);
    expect(claimsOf(answer.body.data.token)).toMatchObject({ acr: 'aal2', amr: ['pwd', 'sms', 'mfa'] });
  });

  test('a number other than the bound one changes nothing: the code goes to the bound number only', async () => {
    const user = await signUpAndSignIn(server);
    await enrollByCode(server, user.token, 'SMS', { phoneNumber: '13933334444' }, '+8613933334444');
    server.clock.advanceSeconds(61);
    const mfaToken = await challengeFor(server, user.email, user.password);
    const before = server.outbox().length;
    expect((await sendSms(mfaToken, { phoneNumber: '13955556666' })).body.statusCode).toBe(200);
    expect(server.outbox().slice(before).map((line) => line.to)).toEqual(['+8613933334444']);
  });

  test('a channel other than CHANNEL_VERIFY_MFA is refused', async () => {
    const user = await signUpAndSignIn(server);
    await enrollByCode(server, user.token, 'SMS', { phoneNumber: '13977778888' }, '+8613977778888');
    const mfaToken = await challengeFor(server, user.email, user.password);
    const answer = await sendSms(mfaToken, { channel: 'CHANNEL_LOGIN', phoneNumber: '13977778888' });
    expect(answer.body).toMatchObject({ statusCode: 400, apiCode: 46073 });
  });

  test('the code is stored only as a keyed hash', async () => {
    const user = await signUpAndSignIn(server);
    await enrollByCode(server, user.token, 'SMS', { phoneNumber: '13600001111' }, '+8613600001111');
    server.clock.advanceSeconds(61);
    const mfaToken = await challengeFor(server, user.email, user.password);
    await sendSms(mfaToken, { phoneNumber: '13600001111' });
    const code = server.lastCodeFor('+8613600001111');
    const rows = await server.server.runtime.store.db.selectFrom('mfa_challenges').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(code);
  });
});

describe('EMAIL: send-email CHANNEL_VERIFY_MFA, then /api/v2/applications/mfa/email/verify', () => {
  test('password + email code stays aal1 with amr [pwd, mail] (security.md §6.3, OOB-08)', async () => {
    const user = await signUpAndSignIn(server);
    await enrollByCode(server, user.token, 'EMAIL', { email: 'mfa-mail@example.com' }, 'mfa-mail@example.com');
    server.clock.advanceSeconds(61);
    const mfaToken = await challengeFor(server, user.email, user.password);
    expect((await sendEmail(mfaToken, 'mfa-mail@example.com')).body.statusCode).toBe(200);
    const code = server.lastCodeFor('mfa-mail@example.com');
    const answer = await redeem(server, '/api/v2/applications/mfa/email/verify', mfaToken, { email: 'mfa-mail@example.com', code });
    expect(answer.body.code).toBe(200);
    expect(claimsOf(answer.body.data.token)).toMatchObject({ acr: 'aal1', amr: ['pwd', 'mail'] });
  });
});

describe('POST /api/v2/mfa/totp/recovery', () => {
  test('the recovery code completes the sign-in and a new one is returned next to data', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const mfaToken = await challengeFor(server, user.email, user.password);
    const answer = await verifyRecovery(server, mfaToken, otp.recoveryCode);
    expect(answer.body).toMatchObject({ code: 200, data: { userId: user.userId }, recoveryCode: expect.stringMatching(/^[0-9a-f]{4}(-[0-9a-f]{4}){5}$/) });
    expect(answer.body.recoveryCode).not.toBe(otp.recoveryCode);
    expect(claimsOf(answer.body.data.token)).toMatchObject({ acr: 'aal2' });
  });

  test('the used recovery code is refused next time (6002), the new one works', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const first = await verifyRecovery(server, await challengeFor(server, user.email, user.password), otp.recoveryCode);
    const reused = await verifyRecovery(server, await challengeFor(server, user.email, user.password), otp.recoveryCode);
    expect(reused.body).toMatchObject({ code: 6002 });
    const fresh = await verifyRecovery(server, await challengeFor(server, user.email, user.password), first.body.recoveryCode.toUpperCase());
    expect(fresh.body.code).toBe(200);
  });
});
