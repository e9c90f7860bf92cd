import { describe, expect, test } from 'vitest';
import { generateTotp } from '../../src/domain/factors/otp/totp.js';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { startOtpEnrollment } from '../support/factors.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

const enroll = (token: string, body: unknown) => api(server, 'POST', '/api/v3/enroll-factor', { token, body });
const listFactors = async (token: string) => (await api(server, 'GET', '/api/v3/list-enrolled-factors', { token })).body.data as unknown[];

describe('POST /api/v3/enroll-factor', () => {
  test('binds an OTP factor with the current TOTP', async () => {
    const user = await signUpAndSignIn(server);
    const { enrollmentToken, secret } = await startOtpEnrollment(server, user.token);
    const answer = await enroll(user.token, {
      factorType: 'OTP',
      enrollmentToken,
      enrollmentData: { passCode: generateTotp(secret, server.clock.now()) },
    });
    expect(answer.body).toMatchObject({ statusCode: 200 });
    expect(answer.body.data).toBeUndefined();
    expect(await listFactors(user.token)).toMatchObject([{ factorType: 'OTP', profile: {} }]);
  });

  test('binds an SMS factor with the texted code', async () => {
    const user = await signUpAndSignIn(server);
    const started = await api(server, 'POST', '/api/v3/send-enroll-factor-request', {
      token: user.token,
      body: { factorType: 'SMS', profile: { phoneNumber: '13600136000', phoneCountryCode: '+86' } },
    });
    const answer = await enroll(user.token, {
      factorType: 'SMS',
      enrollmentToken: started.body.data.enrollmentToken,
      enrollmentData: { passCode: server.lastCodeFor('+8613600136000') },
    });
    expect(answer.body.statusCode).toBe(200);
    expect(await listFactors(user.token)).toMatchObject([{ factorType: 'SMS', profile: { phoneNumber: '13600136000', phoneCountryCode: '+86' } }]);
  });

  test('binds an EMAIL factor with the mailed code', async () => {
    const user = await signUpAndSignIn(server);
    const started = await api(server, 'POST', '/api/v3/send-enroll-factor-request', {
      token: user.token,
      body: { factorType: 'EMAIL', profile: { email: 'mailed@example.com' } },
    });
    const answer = await enroll(user.token, {
      factorType: 'EMAIL',
      enrollmentToken: started.body.data.enrollmentToken,
      enrollmentData: { passCode: server.lastCodeFor('mailed@example.com') },
    });
    expect(answer.body.statusCode).toBe(200);
    expect(await listFactors(user.token)).toMatchObject([{ factorType: 'EMAIL', profile: { email: 'mailed@example.com' } }]);
  });

  test('a wrong code answers 6001 and binds nothing', async () => {
    const user = await signUpAndSignIn(server);
    const { enrollmentToken, secret } = await startOtpEnrollment(server, user.token);
    const wrong = String((Number(generateTotp(secret, server.clock.now())) + 1) % 1_000_000).padStart(6, '0');
    const answer = await enroll(user.token, { factorType: 'OTP', enrollmentToken, enrollmentData: { passCode: wrong } });
    expect(answer.body).toMatchObject({ statusCode: 400, apiCode: 6001 });
    expect(await listFactors(user.token)).toEqual([]);
  });

  test('the right code still works after a wrong one on the same token', async () => {
    const user = await signUpAndSignIn(server);
    const { enrollmentToken, secret } = await startOtpEnrollment(server, user.token);
    await enroll(user.token, { factorType: 'OTP', enrollmentToken, enrollmentData: { passCode: '000000' } });
    const answer = await enroll(user.token, {
      factorType: 'OTP',
      enrollmentToken,
      enrollmentData: { passCode: generateTotp(secret, server.clock.now()) },
    });
    expect(answer.body.statusCode).toBe(200);
  });

  test('a missing passCode answers 6003', async () => {
    const user = await signUpAndSignIn(server);
    const { enrollmentToken } = await startOtpEnrollment(server, user.token);
    const answer = await enroll(user.token, { factorType: 'OTP', enrollmentToken, enrollmentData: {} });
    expect(answer.body).toMatchObject({ statusCode: 400, apiCode: 6003 });
  });

  test('a factorType other than the one the token was issued for is refused', async () => {
    const user = await signUpAndSignIn(server);
    const { enrollmentToken, secret } = await startOtpEnrollment(server, user.token);
    const answer = await enroll(user.token, {
      factorType: 'SMS',
      enrollmentToken,
      enrollmentData: { passCode: generateTotp(secret, server.clock.now()) },
    });
    expect(answer.body).toMatchObject({ statusCode: 400, apiCode: 46050 });
  });

  test('an unknown enrollment token is refused', async () => {
    const user = await signUpAndSignIn(server);
    const answer = await enroll(user.token, { factorType: 'OTP', enrollmentToken: 'no-such-token', enrollmentData: { passCode: '123456' } });
    expect(answer.body).toMatchObject({ statusCode: 400, apiCode: 46050 });
  });
});
