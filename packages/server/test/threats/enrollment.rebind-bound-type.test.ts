/**
 * Attack (objectstack #10700): with a session of the victim's, start a new authenticator enrollment and
 * hope it rotates the verified factor's secret in place — the victim's app stops working and the
 * attacker's starts. Or pile up duplicate factors to confuse the owner's factor list. A user holds at
 * most one factor per type (so at most one per type the deployment offers — far under ten): starting a
 * second binding of a bound type is refused with 409, the bound factor keeps its id and its secret, and
 * a binding started again before confirmation replaces the earlier pending one (ENR-06, ENR-07).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateTotp } from '../../src/domain/factors/otp/totp.js';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollByCode, enrollOtp, secretOfUri } from '../support/factors.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const start = (token: string, factorType: string, profile: Record<string, string> = {}) =>
  api(server, 'POST', '/api/v3/send-enroll-factor-request', { token, body: { factorType, profile } });
const listed = async (token: string) => (await api(server, 'GET', '/api/v3/list-enrolled-factors', { token })).body.data as { factorId: string; factorType: string }[];

describe('binding a type that is already bound', () => {
  test('OTP: refused with 409; the bound factor keeps its id and its codes still verify', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const again = await start(user.token, 'OTP');
    expect(again.body).toMatchObject({ statusCode: 409, apiCode: 46031 });
    expect(again.body.data).toBeUndefined();
    expect(await listed(user.token)).toEqual([expect.objectContaining({ factorId: otp.factorId, factorType: 'OTP' })]);
    server.clock.advanceSeconds(30);
    const verified = await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp: otp.codeAt(server.clock.now()) } });
    expect(verified.body.data).toEqual({ verified: true });
  });

  test('SMS to another number: refused with 409, the bound number stays', async () => {
    const user = await signUpAndSignIn(server);
    const factorId = await enrollByCode(server, user.token, 'SMS', { phoneNumber: '13944445555' }, '+8613944445555');
    const again = await start(user.token, 'SMS', { phoneNumber: '13944446666' });
    expect(again.body).toMatchObject({ statusCode: 409, apiCode: 46031 });
    expect(server.outbox().some((line) => line.to === '+8613944446666')).toBe(false);
    const factor = await api(server, 'GET', '/api/v3/get-factor', { token: user.token, query: { factorId } });
    expect(factor.body.data.profile).toMatchObject({ phoneNumber: '13944445555' });
  });

  test('every offered type bound once: each further binding is refused, the list stays at one per type', async () => {
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    await enrollByCode(server, user.token, 'SMS', { phoneNumber: '13944447777' }, '+8613944447777');
    await enrollByCode(server, user.token, 'EMAIL', { email: 'cap@example.com' }, 'cap@example.com');
    server.clock.advanceSeconds(61);
    for (const [type, profile] of [['OTP', {}], ['SMS', { phoneNumber: '13944448888' }], ['EMAIL', { email: 'cap2@example.com' }]] as const) {
      expect((await start(user.token, type, profile)).body.statusCode, type).toBe(409);
    }
    expect((await listed(user.token)).map((factor) => factor.factorType).sort()).toEqual(['EMAIL', 'OTP', 'SMS']);
  });
});

describe('binding started twice before confirmation', () => {
  test('the later pending binding replaces the earlier: only its token binds, and one factor results', async () => {
    const user = await signUpAndSignIn(server);
    const first = await start(user.token, 'OTP');
    const second = await start(user.token, 'OTP');
    const confirm = (answer: typeof first) =>
      api(server, 'POST', '/api/v3/enroll-factor', {
        token: user.token,
        body: {
          factorType: 'OTP',
          enrollmentToken: answer.body.data.enrollmentToken,
          enrollmentData: { passCode: generateTotp(secretOfUri(answer.body.data.otpData.qrCodeUri), server.clock.now()) },
        },
      });
    expect((await confirm(first)).body.statusCode).not.toBe(200);
    expect((await confirm(second)).body.statusCode).toBe(200);
    expect(await listed(user.token)).toHaveLength(1);
  });
});
