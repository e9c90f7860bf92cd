/**
 * Attack: fuzzing the verify endpoints with codes that are not six ASCII digits — empty, null, a JSON
 * number, five or seven digits, padded with spaces, full-width digits, a missing field — hoping for a 500
 * (a crash, a stack trace, a code path that skips the failure budget) or for a normaliser that turns a
 * malformed value into a match. Every such input gets a clear 400 envelope or a plain refusal, never a 500
 * and never a verification; a string that is not a valid code is refused like a wrong one and counts as a
 * failure, while a value of the wrong JSON type is refused by the schema before any comparison (TOTP-06).
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

const MALFORMED: ReadonlyArray<{ name: string; body: Record<string, unknown> }> = [
  { name: 'empty string', body: { totp: '' } },
  { name: 'null', body: { totp: null } },
  { name: 'JSON number', body: { totp: 123456 } },
  { name: 'five digits', body: { totp: '12345' } },
  { name: 'seven digits', body: { totp: '1234567' } },
  { name: 'spaces around digits', body: { totp: ' 123456 ' } },
  { name: 'full-width digits', body: { totp: '１２３４５６' } },
  { name: 'Arabic-Indic digits', body: { totp: '١٢٣٤٥٦' } },
  { name: 'an array', body: { totp: ['123456'] } },
  { name: 'no field', body: {} },
];

describe('malformed TOTPs', () => {
  test.each(MALFORMED)('mfa-totp-verify with $name: a 400 envelope or verified false, never 500', async ({ body }) => {
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    const answer = await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body });
    expect(answer.httpStatus).toBe(200);
    if (answer.body.statusCode === 200) expect(answer.body.data).toEqual({ verified: false });
    else expect(answer.body).toMatchObject({ statusCode: 400, apiCode: expect.any(Number), message: expect.any(String) });
  });

  test.each(MALFORMED)('/api/v2/mfa/totp/verify with $name: refused with a clear code, never 500, no token', async ({ body }) => {
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    const mfaToken = await challengeFor(server, user.email, user.password);
    const answer = await redeem(server, '/api/v2/mfa/totp/verify', mfaToken, body);
    expect(answer.httpStatus).toBe(200);
    expect(answer.body.code).not.toBe(200);
    expect(answer.body.code).not.toBe(500);
    expect(answer.body.data?.token).toBeUndefined();
  });

  test('a string that is not six ASCII digits is evaluated, and counts as a failure like a wrong code', async () => {
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    const malformedStrings = ['12345', '1234567', ' 123456 ', '１２３４５６'];
    for (const totp of malformedStrings) {
      const answer = await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp } });
      expect(answer.body, totp).toMatchObject({ statusCode: 200, data: { verified: false } });
    }
    // RL-01 budget: each of them was a guess; a value of the wrong JSON type is refused before any comparison.
    expect(await server.server.runtime.store.budget.read(user.userId)).toMatchObject({ failures: malformedStrings.length });
  });
});
