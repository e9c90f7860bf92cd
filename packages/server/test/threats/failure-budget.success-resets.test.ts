/**
 * Threat to the owner: a user who mistypes now and then — a few wrong codes, a right one, a few more wrong
 * ones — must not drift into a lock, or the limiter becomes a way to lock out the owner slowly. A success
 * clears the failures before it, so only consecutive failures count (RL-05, NIST 800-63B-4 §3.2.2). The
 * other half of RL-05 — that lifting a lock needs more than the locked session — holds because nothing
 * but waiting out the back-off or an administrator (`tessera users unlock`) lifts one; see
 * failure-budget.locked-account.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const FAILURES_PER_LOCK = 10;
const wrongOf = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('a success between failures', () => {
  test(`${FAILURES_PER_LOCK - 1} wrong, one right, ${FAILURES_PER_LOCK - 1} wrong: not locked, the right code still verifies`, async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const verify = (totp: string) => api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp } });
    const failBelowTheLimit = async () => {
      for (let i = 0; i < FAILURES_PER_LOCK - 1; i++) expect((await verify(wrongOf(otp.codeAt(server.clock.now())))).body.data).toEqual({ verified: false });
    };

    server.clock.advanceSeconds(30);
    await failBelowTheLimit();
    expect((await verify(otp.codeAt(server.clock.now()))).body.data).toEqual({ verified: true });
    expect(await server.server.runtime.store.budget.read(user.userId)).toMatchObject({ failures: 0 });

    server.clock.advanceSeconds(30);
    await failBelowTheLimit();
    expect(await server.server.runtime.store.budget.read(user.userId)).toMatchObject({ failures: FAILURES_PER_LOCK - 1 });
    expect((await verify(otp.codeAt(server.clock.now()))).body).toMatchObject({ statusCode: 200, data: { verified: true } });
  });

  test(`without the success in between, the same ${2 * (FAILURES_PER_LOCK - 1)} failures lock`, async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const verify = (totp: string) => api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp } });
    server.clock.advanceSeconds(30);
    for (let i = 0; i < 2 * (FAILURES_PER_LOCK - 1); i++) await verify(wrongOf(otp.codeAt(server.clock.now())));
    expect((await verify(otp.codeAt(server.clock.now()))).body).toMatchObject({ statusCode: 429 });
  });
});
