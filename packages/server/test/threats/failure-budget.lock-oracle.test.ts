/**
 * Attack: once an account is locked, the attacker keeps guessing anyway and watches the answers. If a lock
 * answered a right code differently from a wrong one (another message, another code, a shorter wait),
 * the lock would become an oracle: guessing would go on at full speed, with the lock only hiding the
 * token. While locked, the answer is the same whatever the code (RL-07): on sign-in redemption with a TOTP
 * or a recovery code, and on step-up. (Unknown accounts and accounts without MFA never reach a code check:
 * their password answers are identical, see http/accounts.test.ts and sign-in.account-enumeration.)
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, type ApiAnswer } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { challengeFor, verifyRecovery, verifyTotp } from '../support/mfa.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const wrongOf = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
/** Everything an answer tells, except the id that differs per request by design. */
const told = ({ httpStatus, headers, body }: ApiAnswer) => ({ httpStatus, retryAfter: headers.get('retry-after'), body: { ...body, requestId: undefined } });

async function lockedUser() {
  const user = await signUpAndSignIn(server);
  const otp = await enrollOtp(server, user.token);
  for (let challenge = 0; challenge < 2; challenge++) {
    const mfaToken = await challengeFor(server, user.email, user.password);
    for (let i = 0; i < 5; i++) await verifyTotp(server, mfaToken, wrongOf(otp.codeAt(server.clock.now())));
  }
  return { user, otp };
}

describe('while an account is locked', () => {
  test('a right and a wrong TOTP at sign-in get the same answer, and neither a token', async () => {
    const { user, otp } = await lockedUser();
    const mfaToken = await challengeFor(server, user.email, user.password);
    const right = await verifyTotp(server, mfaToken, otp.codeAt(server.clock.now()));
    const wrong = await verifyTotp(server, mfaToken, wrongOf(otp.codeAt(server.clock.now())));
    expect(right.body.code).toBe(2057);
    expect(right.body.data?.token).toBeUndefined();
    expect(told(wrong)).toEqual(told(right));
  });

  test('a right and a wrong recovery code get the same answer', async () => {
    const { user, otp } = await lockedUser();
    const mfaToken = await challengeFor(server, user.email, user.password);
    const right = await verifyRecovery(server, mfaToken, otp.recoveryCode);
    const wrong = await verifyRecovery(server, mfaToken, '0000-0000-0000-0000-0000-0000');
    expect(right.body.code).toBe(2057);
    expect(told(wrong)).toEqual(told(right));
  });

  test('a right and a wrong step-up code get the same answer', async () => {
    const { user, otp } = await lockedUser();
    const stepUp = (totp: string) => api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp } });
    const right = await stepUp(otp.codeAt(server.clock.now()));
    const wrong = await stepUp(wrongOf(otp.codeAt(server.clock.now())));
    expect(right.body.statusCode).toBe(429);
    expect(told(wrong)).toEqual(told(right));
  });
});
