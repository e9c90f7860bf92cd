/**
 * Threat: an attacker holding one valid TOTP races many redemptions — on many sign-in challenges at once —
 * hoping that a read-then-write check lets the code through more than once (KR HackerOne #3692149). The
 * step advance is a compare-and-set and a challenge is consumed by a conditional update, so exactly one
 * redemption yields a token (RPL-04); and a redeemed mfaToken is dead (single use).
 */
import { describe, expect, test } from 'vitest';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { challengeFor, verifyTotp } from '../support/mfa.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

describe('parallel redemption', () => {
  test('20 parallel redemptions of one valid code on 20 challenges: exactly one token', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const challenges = await Promise.all(Array.from({ length: 20 }, () => challengeFor(server, user.email, user.password)));
    const code = otp.codeAt(server.clock.now());
    const answers = await Promise.all(challenges.map((mfaToken) => verifyTotp(server, mfaToken, code)));
    expect(answers.filter((answer) => answer.body.code === 200 && answer.body.data?.token)).toHaveLength(1);
    // The others: the same answer as a wrong code, or refused unevaluated beyond the failure budget (RL-04).
    expect(answers.every((answer) => [200, 6001, 2057].includes(answer.body.code))).toBe(true);
  });

  test('20 parallel redemptions of one challenge with one valid code: exactly one token', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const mfaToken = await challengeFor(server, user.email, user.password);
    const code = otp.codeAt(server.clock.now());
    const answers = await Promise.all(Array.from({ length: 20 }, () => verifyTotp(server, mfaToken, code)));
    expect(answers.filter((answer) => answer.body.code === 200)).toHaveLength(1);
  });
});
