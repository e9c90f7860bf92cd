/**
 * Threat: an attacker fires many wrong guesses at once so that they all pass a "count below the limit?"
 * check before any failure is recorded (KR persistence "50 parallel, ≤5 got past the check"). Each
 * evaluation reserves its place in the account's budget before the code is compared, so 50 parallel
 * guesses evaluate at most the 10 the budget allows; the rest are refused unevaluated (RL-04).
 */
import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

describe('parallel wrong guesses', () => {
  test('50 parallel wrong TOTPs: at most 10 evaluated, the rest 429', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const right = Number(otp.codeAt(server.clock.now()));
    const guesses = Array.from({ length: 50 }, (_, i) => String((right + 7 + i) % 1_000_000).padStart(6, '0'));
    const answers = await Promise.all(guesses.map((totp) => api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp } })));
    const evaluated = answers.filter((answer) => answer.body.statusCode === 200);
    expect(evaluated.length).toBeLessThanOrEqual(10);
    expect(evaluated.every((answer) => answer.body.data.verified === false)).toBe(true);
    expect(answers.filter((answer) => answer.body.statusCode === 429)).toHaveLength(50 - evaluated.length);
    const events = await server.server.runtime.services.admin.listAudit({ userId: user.userId, limit: 1000 });
    expect(events.filter((event) => event.type === 'verify' && event.outcome === 'failed').length).toBeLessThanOrEqual(10);
  });
});
