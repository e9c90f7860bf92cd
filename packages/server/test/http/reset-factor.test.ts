import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollByCode, enrollOtp } from '../support/factors.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

describe('POST /api/v3/reset-factor', () => {
  test('unbinds the factor: get-factor then answers 404 and the type can be enrolled again', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const answer = await api(server, 'POST', '/api/v3/reset-factor', { token: user.token, body: { factorId: otp.factorId } });
    expect(answer.body).toMatchObject({ statusCode: 200 });
    const get = await api(server, 'GET', '/api/v3/get-factor', { token: user.token, query: { factorId: otp.factorId } });
    expect(get.body).toMatchObject({ statusCode: 404, apiCode: 46060 });
    const toEnroll = await api(server, 'GET', '/api/v3/list-factors-to-enroll', { token: user.token });
    expect(toEnroll.body.data).toContainEqual({ factorType: 'OTP' });
  });

  test('deletes the sealed secret from storage', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const db = server.server.runtime.store.db;
    expect(await db.selectFrom('factors').select('secret_sealed').where('id', '=', otp.factorId).executeTakeFirst()).toBeDefined();
    await api(server, 'POST', '/api/v3/reset-factor', { token: user.token, body: { factorId: otp.factorId } });
    expect(await db.selectFrom('factors').selectAll().where('id', '=', otp.factorId).executeTakeFirst()).toBeUndefined();
  });

  test('leaves the user’s other factors bound', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const emailFactorId = await enrollByCode(server, user.token, 'EMAIL', { email: 'keep@example.com' }, 'keep@example.com');
    await api(server, 'POST', '/api/v3/reset-factor', { token: user.token, body: { factorId: otp.factorId } });
    const listed = await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token });
    expect(listed.body.data).toEqual([{ factorId: emailFactorId, factorType: 'EMAIL', profile: { email: 'keep@example.com' } }]);
  });

  test('an unknown factor id answers 404', async () => {
    const user = await signUpAndSignIn(server);
    const answer = await api(server, 'POST', '/api/v3/reset-factor', { token: user.token, body: { factorId: '0123456789abcdef01234567' } });
    expect(answer.body).toMatchObject({ statusCode: 404, apiCode: 46060 });
  });
});
