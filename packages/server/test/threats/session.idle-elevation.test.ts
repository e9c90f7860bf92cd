/**
 * Attack (AZ-06): a session proven at aal2 is left open on an unattended machine; whoever sits down at it
 * later binds their own factor or removes the owner's, riding on a second factor proven long ago. The
 * aal2 elevation now lapses after 30 min without use (NIST N4 §2.2.3: inactivity ≤ 1 h), so what needs a
 * recent second factor asks for one again; and a session ends 24 h after it began, however busy.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  // Tokens that outlive the session, to show the session's own end.
  server = await startTestServer({ config: { accessTokenTtlSeconds: 86_400, sessionMaxAgeSeconds: 7200 } });
});
afterAll(() => server.close());

const startEmail = (token: string) =>
  api(server, 'POST', '/api/v3/send-enroll-factor-request', { token, body: { factorType: 'EMAIL', profile: { email: 'second@example.com' } } });

describe('an aal2 session left unused', () => {
  test('after 31 idle minutes, binding another factor needs a fresh second factor', async () => {
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    server.clock.advanceSeconds(31 * 60);
    expect((await startEmail(user.token)).body).toMatchObject({ statusCode: 403, apiCode: 46072 });
  });

  test('in steady use, the elevation holds for the whole step-up window', async () => {
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    for (let minute = 0; minute < 50; minute += 10) {
      server.clock.advanceSeconds(10 * 60);
      expect((await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token })).body.statusCode).toBe(200);
    }
    expect((await startEmail(user.token)).body.statusCode).toBe(200);
  });

  test('a fresh step-up after the lapse raises it again', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    server.clock.advanceSeconds(31 * 60);
    const verified = await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp: otp.codeAt(server.clock.now()) } });
    expect(verified.body.data.verified).toBe(true);
    expect((await startEmail(user.token)).body.statusCode).toBe(200);
  });
});

test('a session ends at its absolute lifetime, even while its token would still be valid', async () => {
  const user = await signUpAndSignIn(server);
  server.clock.advanceSeconds(7200 - 60);
  expect((await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token })).body.statusCode).toBe(200);
  server.clock.advanceSeconds(61);
  expect((await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token })).body).toMatchObject({ statusCode: 401, apiCode: 46010 });
});
