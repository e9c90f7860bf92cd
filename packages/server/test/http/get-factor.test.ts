import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollByCode, enrollOtp } from '../support/factors.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

describe('GET /api/v3/get-factor', () => {
  test('returns the bound OTP factor with its id, type and an empty profile', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const answer = await api(server, 'GET', '/api/v3/get-factor', { token: user.token, query: { factorId: otp.factorId } });
    expect(answer.httpStatus).toBe(200);
    expect(answer.body).toMatchObject({ statusCode: 200, data: { factorId: otp.factorId, factorType: 'OTP', profile: {} } });
    expect(answer.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('returns an SMS factor with the national number and country code apart', async () => {
    const user = await signUpAndSignIn(server);
    const factorId = await enrollByCode(server, user.token, 'SMS', { phoneNumber: '13800138000' }, '+8613800138000');
    const answer = await api(server, 'GET', '/api/v3/get-factor', { token: user.token, query: { factorId } });
    expect(answer.body.data).toEqual({ factorId, factorType: 'SMS', profile: { phoneNumber: '13800138000', phoneCountryCode: '+86' } });
  });

  test('answers 404 FACTOR_NOT_FOUND for an unknown id', async () => {
    const user = await signUpAndSignIn(server);
    const answer = await api(server, 'GET', '/api/v3/get-factor', { token: user.token, query: { factorId: 'aaaaaaaaaaaaaaaaaaaaaaaa' } });
    expect(answer.httpStatus).toBe(200);
    expect(answer.body).toMatchObject({ statusCode: 404, apiCode: 46060 });
  });
});
