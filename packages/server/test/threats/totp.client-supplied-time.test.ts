/**
 * Attack: an attacker holding an old TOTP (read over a shoulder, or from a phishing page minutes ago)
 * submits it together with a claim about the time — a `timestamp` field in the body, an `X-Time` or `Date`
 * header — hoping the verifier computes its window around the client's clock instead of its own. The
 * window is always centred on the server's clock; any time the client sends is ignored (TOTP-05, ASVS 5
 * 6.5.8).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { challengeFor, redeem } from '../support/mfa.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const FIVE_MINUTES_MS = 5 * 60_000;

/** Headers a client could use to name "the time of this code". */
function timeHeaders(at: number) {
  const seconds = String(Math.floor(at / 1000));
  return { 'x-time': seconds, 'x-timestamp': seconds, date: new Date(at).toUTCString() };
}

describe('a TOTP of five minutes ago, sent with a claim that it is current', () => {
  test('a time field in the body is refused as an unknown field, never used', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    server.clock.advanceSeconds(3600);
    const then = server.clock.now() - FIVE_MINUTES_MS;
    for (const field of ['timestamp', 'time', 'clientTime']) {
      const answer = await api(server, 'POST', '/api/v3/mfa-totp-verify', {
        token: user.token,
        body: { totp: otp.codeAt(then), [field]: Math.floor(then / 1000) },
      });
      expect(answer.body, field).toMatchObject({ statusCode: 400, apiCode: 46001 });
    }
  });

  test('time headers are ignored by mfa-totp-verify (step-up): the old code is not verified', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    server.clock.advanceSeconds(3600);
    const then = server.clock.now() - FIVE_MINUTES_MS;
    const answer = await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, headers: timeHeaders(then), body: { totp: otp.codeAt(then) } });
    expect(answer.body).toMatchObject({ statusCode: 200, data: { verified: false } });
    // The server's own clock decides: the current code verifies.
    const current = await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp: otp.codeAt(server.clock.now()) } });
    expect(current.body.data).toEqual({ verified: true });
  });

  test('time headers are ignored at /api/v2/mfa/totp/verify: the old code completes no sign-in', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    server.clock.advanceSeconds(3600);
    const then = server.clock.now() - FIVE_MINUTES_MS;
    const mfaToken = await challengeFor(server, user.email, user.password);
    const answer = await api(server, 'POST', '/api/v2/mfa/totp/verify', { token: `Bearer ${mfaToken}`, headers: timeHeaders(then), body: { totp: otp.codeAt(then) } });
    expect(answer.body).toMatchObject({ code: 6001 });
    expect((await redeem(server, '/api/v2/mfa/totp/verify', mfaToken, { totp: otp.codeAt(server.clock.now()) })).body.code).toBe(200);
  });
});
