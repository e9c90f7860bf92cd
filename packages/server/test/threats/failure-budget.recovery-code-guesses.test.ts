/**
 * Attack: with a stolen password, guess recovery codes instead of TOTPs, hoping they sit outside the
 * failure budget (Keycloak and Zitadel each had a path the lockout forgot). Wrong recovery codes count in
 * the account's one budget (REC-03, NIST 800-63B-4 §4.2.1.1): 10 of them lock the account, and the lock
 * then holds for TOTP too.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { challengeFor, verifyRecovery, verifyTotp } from '../support/mfa.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const ATTEMPTS_PER_CHALLENGE = 5;
const FAILURES_PER_LOCK = 10;
const guessOf = (i: number) => `${i.toString(16).padStart(4, '0')}-0000-0000-0000-0000-0000`;

describe('guessing recovery codes', () => {
  test(`${FAILURES_PER_LOCK} wrong recovery codes lock the account: the right recovery code and the right TOTP are refused`, async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    let guess = 0;
    for (let challenge = 0; challenge < FAILURES_PER_LOCK / ATTEMPTS_PER_CHALLENGE; challenge++) {
      const mfaToken = await challengeFor(server, user.email, user.password);
      for (let i = 0; i < ATTEMPTS_PER_CHALLENGE; i++) expect((await verifyRecovery(server, mfaToken, guessOf(guess++))).body.code).toBe(6002);
    }
    expect(await server.server.runtime.store.budget.read(user.userId)).toMatchObject({ failures: FAILURES_PER_LOCK });

    const mfaToken = await challengeFor(server, user.email, user.password);
    expect((await verifyRecovery(server, mfaToken, otp.recoveryCode)).body.code).toBe(2057);
    const totp = await verifyTotp(server, mfaToken, otp.codeAt(server.clock.now()));
    expect(totp.body).toMatchObject({ code: 2057 });
    expect(totp.body.data?.token).toBeUndefined();
  });

  test('wrong recovery codes and wrong TOTPs add up in one budget', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const wrongTotp = String((Number(otp.codeAt(server.clock.now())) + 1) % 1_000_000).padStart(6, '0');
    const first = await challengeFor(server, user.email, user.password);
    for (let i = 0; i < ATTEMPTS_PER_CHALLENGE; i++) await verifyRecovery(server, first, guessOf(i));
    const second = await challengeFor(server, user.email, user.password);
    for (let i = 0; i < ATTEMPTS_PER_CHALLENGE; i++) await verifyTotp(server, second, wrongTotp);
    const third = await challengeFor(server, user.email, user.password);
    expect((await verifyTotp(server, third, otp.codeAt(server.clock.now()))).body.code).toBe(2057);
  });
});
