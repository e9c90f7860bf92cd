/**
 * Threat: a recovery code is single use, but a naive "verify hash, then overwrite" lets concurrent
 * requests all pass the check before any write lands (KC #26106, Parse GHSA-2299-ghjr-6vjp). The
 * replacement is a compare-and-set on the hash that was verified, so of 20 parallel sign-ins with one
 * recovery code exactly one succeeds, and the code is dead afterwards (REC-02).
 */
import { describe, expect, test } from 'vitest';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { challengeFor, verifyRecovery } from '../support/mfa.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

describe('recovery code race', () => {
  test('20 parallel sign-ins with one recovery code: exactly one succeeds', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const challenges = await Promise.all(Array.from({ length: 20 }, () => challengeFor(server, user.email, user.password)));
    const answers = await Promise.all(challenges.map((mfaToken) => verifyRecovery(server, mfaToken, otp.recoveryCode)));
    expect(answers.filter((answer) => answer.body.code === 200)).toHaveLength(1);
    expect(answers.every((answer) => [200, 6002, 2057].includes(answer.body.code))).toBe(true);
  });

  test('the raced code is refused afterwards', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const challenges = await Promise.all(Array.from({ length: 5 }, () => challengeFor(server, user.email, user.password)));
    await Promise.all(challenges.map((mfaToken) => verifyRecovery(server, mfaToken, otp.recoveryCode)));
    server.clock.advanceSeconds(31);
    const later = await verifyRecovery(server, await challengeFor(server, user.email, user.password), otp.recoveryCode);
    expect(later.body).toMatchObject({ code: 6002 });
  });
});
