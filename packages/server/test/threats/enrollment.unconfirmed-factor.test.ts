/**
 * Attack (authentik #2330): a user starts binding an authenticator app and never confirms it — or an
 * attacker with the password starts one on the victim's account. If the half-made factor counted as
 * "MFA enabled", sign-in would ask for a factor nobody can produce, or worse, accept the secret the
 * attacker just received. An unconfirmed enrollment is no factor (ENR-01): it is not listed, it does not
 * trigger an MFA challenge at sign-in, and codes from its secret verify nothing.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateTotp } from '../../src/domain/factors/otp/totp.js';
import { api } from '../support/api.js';
import { signIn, signUpAndSignIn } from '../support/accounts.js';
import { startOtpEnrollment } from '../support/factors.js';
import { claimsOf } from '../support/mfa.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('an OTP enrollment that was started but never confirmed', () => {
  test('is not listed as a factor, and the type is still offered', async () => {
    const user = await signUpAndSignIn(server);
    await startOtpEnrollment(server, user.token);
    expect((await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token })).body.data).toEqual([]);
    const offered = (await api(server, 'GET', '/api/v3/list-factors-to-enroll', { token: user.token })).body.data as { factorType: string }[];
    expect(offered.map((entry) => entry.factorType)).toContain('OTP');
  });

  test('does not make sign-in ask for MFA: the password alone gives an aal1 token', async () => {
    const user = await signUpAndSignIn(server);
    await startOtpEnrollment(server, user.token);
    const token = await signIn(server, user.email, user.password);
    expect(claimsOf(token)).toMatchObject({ acr: 'aal1', amr: ['pwd'] });
  });

  test('verifies nothing with a code from its secret', async () => {
    const user = await signUpAndSignIn(server);
    const { secret } = await startOtpEnrollment(server, user.token);
    const answer = await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp: generateTotp(secret, server.clock.now()) } });
    expect(answer.body).toMatchObject({ statusCode: 400, apiCode: 46061 });
  });
});
