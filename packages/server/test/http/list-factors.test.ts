import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollByCode, enrollOtp } from '../support/factors.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

describe('GET /api/v3/list-enrolled-factors', () => {
  test('is an empty array for a user with no factor', async () => {
    const user = await signUpAndSignIn(server);
    const answer = await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token });
    expect(answer.body).toMatchObject({ statusCode: 200, data: [] });
  });

  test('lists every bound factor in binding order, as FactorDto only', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const smsId = await enrollByCode(server, user.token, 'SMS', { phoneNumber: '13500135000' }, '+8613500135000');
    const answer = await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token });
    expect(answer.body.data).toEqual([
      { factorId: otp.factorId, factorType: 'OTP', profile: {} },
      { factorId: smsId, factorType: 'SMS', profile: { phoneNumber: '13500135000', phoneCountryCode: '+86' } },
    ]);
  });
});

describe('GET /api/v3/list-factors-to-enroll', () => {
  test('lists the app’s enabled types for a user with no factor', async () => {
    const user = await signUpAndSignIn(server);
    const answer = await api(server, 'GET', '/api/v3/list-factors-to-enroll', { token: user.token });
    expect(answer.body).toMatchObject({ statusCode: 200, data: [{ factorType: 'OTP' }, { factorType: 'SMS' }, { factorType: 'EMAIL' }] });
  });

  test('leaves out the types the user has bound', async () => {
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    const answer = await api(server, 'GET', '/api/v3/list-factors-to-enroll', { token: user.token });
    expect(answer.body.data).toEqual([{ factorType: 'SMS' }, { factorType: 'EMAIL' }]);
  });

  test('offers only what the calling app enables', async () => {
    const { app, appSecret } = await server.server.runtime.services.admin.createApp({ name: 'Only OTP', enabledFactors: ['OTP'] });
    await api(server, 'POST', '/api/v3/signup', {
      appId: app.id,
      body: { connection: 'PASSWORD', passwordPayload: { email: 'only-otp@example.com', password: 'correct horse battery staple' } },
    });
    const signIn = await api(server, 'POST', '/api/v3/signin', {
      appId: app.id,
      body: {
        connection: 'PASSWORD',
        passwordPayload: { email: 'only-otp@example.com', password: 'correct horse battery staple' },
        client_id: app.id,
        client_secret: appSecret,
      },
    });
    const answer = await api(server, 'GET', '/api/v3/list-factors-to-enroll', { appId: app.id, token: signIn.body.data.access_token });
    expect(answer.body.data).toEqual([{ factorType: 'OTP' }]);
  });
});
