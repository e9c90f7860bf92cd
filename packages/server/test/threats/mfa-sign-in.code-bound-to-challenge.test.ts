/**
 * Attack: an attacker who holds the victim's password runs a sign-in of their own while the victim signs
 * in, and replays the code the victim receives (read from a notification preview, or relayed by a phishing
 * page) on the attacker's challenge — or offers a texted code on the email path, hoping codes are checked
 * per user rather than per challenge and factor. A code is bound to the challenge it was sent for and to
 * its channel (OOB-03, AZ-02): anywhere else it is a wrong code, and once used it is spent.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollByCode } from '../support/factors.js';
import { challengeFor, redeem } from '../support/mfa.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const PHONE = '13933334444';
const E164 = '+8613933334444';
const sendSms = (mfaToken: string) => api(server, 'POST', '/api/v3/send-sms', { token: mfaToken, body: { channel: 'CHANNEL_VERIFY_MFA', phoneNumber: PHONE } });
const verifySms = (mfaToken: string, code: string) => redeem(server, '/api/v2/applications/mfa/sms/verify', mfaToken, { phone: PHONE, code });

describe('a texted sign-in code', () => {
  test('is refused on another live challenge of the same user, and still works on its own', async () => {
    const user = await signUpAndSignIn(server);
    await enrollByCode(server, user.token, 'SMS', { phoneNumber: PHONE }, E164);
    server.clock.advanceSeconds(61);
    const victims = await challengeFor(server, user.email, user.password);
    const attackers = await challengeFor(server, user.email, user.password);
    expect((await sendSms(victims)).body.statusCode).toBe(200);
    const code = server.lastCodeFor(E164);

    const stolen = await verifySms(attackers, code);
    expect(stolen.body.code).toBe(6001);
    expect(stolen.body.data?.token).toBeUndefined();
    expect((await verifySms(victims, code)).body.code).toBe(200);
  });

  test('is spent once used: a new challenge does not take it either', async () => {
    const user = await signUpAndSignIn(server);
    await enrollByCode(server, user.token, 'SMS', { phoneNumber: '13933335555' }, '+8613933335555');
    server.clock.advanceSeconds(61);
    const first = await challengeFor(server, user.email, user.password);
    await api(server, 'POST', '/api/v3/send-sms', { token: first, body: { channel: 'CHANNEL_VERIFY_MFA', phoneNumber: '13933335555' } });
    const code = server.lastCodeFor('+8613933335555');
    const verify = (mfaToken: string) => redeem(server, '/api/v2/applications/mfa/sms/verify', mfaToken, { phone: '13933335555', code });
    expect((await verify(first)).body.code).toBe(200);
    expect((await verify(first)).body.code).not.toBe(200);
    expect((await verify(await challengeFor(server, user.email, user.password))).body.code).not.toBe(200);
  });

  test('is refused on the email path of the same challenge', async () => {
    const user = await signUpAndSignIn(server);
    await enrollByCode(server, user.token, 'SMS', { phoneNumber: '13933336666' }, '+8613933336666');
    await enrollByCode(server, user.token, 'EMAIL', { email: 'bound-mail@example.com' }, 'bound-mail@example.com');
    server.clock.advanceSeconds(61);
    const mfaToken = await challengeFor(server, user.email, user.password);
    await api(server, 'POST', '/api/v3/send-sms', { token: mfaToken, body: { channel: 'CHANNEL_VERIFY_MFA', phoneNumber: '13933336666' } });
    const code = server.lastCodeFor('+8613933336666');
    const viaEmail = await redeem(server, '/api/v2/applications/mfa/email/verify', mfaToken, { email: 'bound-mail@example.com', code });
    expect(viaEmail.body.code).not.toBe(200);
    expect(viaEmail.body.data?.token).toBeUndefined();
    expect((await redeem(server, '/api/v2/applications/mfa/sms/verify', mfaToken, { phone: '13933336666', code })).body.code).toBe(200);
  });
});
