/**
 * Threat: the client skips the second step and presents what the first step gave it — the mfaToken of a
 * 1635 answer — to the protected routes (Zitadel CVE-2025-64103, MISP #10807). A pre-MFA token grants
 * nothing but the MFA endpoints; the 1636 token (bind a factor first) grants only the four enrollment
 * routes (AZ-04).
 */
import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { challengeFor } from '../support/mfa.js';
import { useTestServer } from '../support/use-test-server.js';

const fixture = useTestServer({}, async (server) => {
  const user = await signUpAndSignIn(server);
  const otp = await enrollOtp(server, user.token);
  return { otp, mfaToken: await challengeFor(server, user.email, user.password) };
});
const { server } = fixture;

describe('a 1635 mfaToken is not an access token', () => {
  test.each(['Bearer ', ''])('get-factor with "%s<mfaToken>" answers 401', async (prefix) => {
    const answer = await api(server, 'GET', '/api/v3/get-factor', { token: `${prefix}${fixture.mfaToken}`, query: { factorId: fixture.otp.factorId } });
    expect(answer.body).toMatchObject({ statusCode: 401, apiCode: 46010 });
  });

  test('reset-factor answers 401 and the factor stays bound', async () => {
    const answer = await api(server, 'POST', '/api/v3/reset-factor', { token: fixture.mfaToken, body: { factorId: fixture.otp.factorId } });
    expect(answer.body).toMatchObject({ statusCode: 401, apiCode: 46010 });
    const row = await server.server.runtime.store.db.selectFrom('factors').select('id').where('id', '=', fixture.otp.factorId).executeTakeFirst();
    expect(row).toBeDefined();
  });

  test.each([
    ['GET', '/api/v3/list-enrolled-factors', undefined],
    ['GET', '/api/v3/list-factors-to-enroll', undefined],
    ['POST', '/api/v3/send-enroll-factor-request', { factorType: 'EMAIL', profile: { email: 'x@example.com' } }],
    ['POST', '/api/v3/mfa-totp-verify', { totp: '123456' }],
  ] as const)('%s %s answers 401', async (method, path, body) => {
    const answer = await api(server, method, path, { token: fixture.mfaToken, ...(body ? { body } : {}) });
    expect(answer.body).toMatchObject({ statusCode: 401, apiCode: 46010 });
  });
});

describe('a 1636 mfaToken reaches only the enrollment routes', () => {
  test('get-factor, reset-factor and mfa-totp-verify answer 401; list-enrolled-factors answers 200', async () => {
    const { app, appSecret } = await server.server.runtime.services.admin.createApp({ name: 'Strict', mfaPolicy: 'required' });
    const body = { connection: 'PASSWORD', passwordPayload: { email: 'strict@example.com', password: 'correct horse battery staple' } };
    await api(server, 'POST', '/api/v3/signup', { appId: app.id, body });
    const signIn = await api(server, 'POST', '/api/v3/signin', { appId: app.id, body: { ...body, client_id: app.id, client_secret: appSecret } });
    expect(signIn.body).toMatchObject({ statusCode: 499, apiCode: 1636 });
    const token = signIn.body.data.mfaToken as string;
    const call = (method: 'GET' | 'POST', path: string, extra: Record<string, unknown> = {}) => api(server, method, path, { appId: app.id, token, ...extra });
    expect((await call('GET', '/api/v3/get-factor', { query: { factorId: 'aaaaaaaaaaaaaaaaaaaaaaaa' } })).body.statusCode).toBe(401);
    expect((await call('POST', '/api/v3/reset-factor', { body: { factorId: 'aaaaaaaaaaaaaaaaaaaaaaaa' } })).body.statusCode).toBe(401);
    expect((await call('POST', '/api/v3/mfa-totp-verify', { body: { totp: '123456' } })).body.statusCode).toBe(401);
    expect((await call('GET', '/api/v3/list-enrolled-factors')).body).toMatchObject({ statusCode: 200, data: [] });
  });
});
