/**
 * Attack (on the owner, by accident or by a flaky client): the same valid code is submitted 20 times at
 * once. The success used to refill the whole budget while the other submissions were still in flight, so
 * 11 evaluations ran (one over the limit) and the replays, counted as failures, locked the account right
 * after its own success. Now a success refills only what the evaluations in flight cannot use, and a
 * replay of a right code — which reveals nothing — gives its place back instead of counting as a guess.
 * (The refill rule itself is pinned in storage/failure-budget.conformance.test.ts, on every store.)
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

test('20 parallel submissions of one valid TOTP: one success, no guess counted, no lock', async () => {
  const user = await signUpAndSignIn(server);
  const otp = await enrollOtp(server, user.token);
  const totp = otp.codeAt(server.clock.now());

  const answers = await Promise.all(
    Array.from({ length: 20 }, () => api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp } })),
  );
  expect(answers.filter((answer) => answer.body.data?.verified === true)).toHaveLength(1);

  const events = await server.server.runtime.services.admin.listAudit({ userId: user.userId, limit: 1000 });
  expect(events.filter((event) => event.type === 'verify' && event.outcome === 'failed')).toEqual([]);
  expect(events.filter((event) => event.type === 'lock')).toEqual([]);

  // The owner is not locked out: the next code verifies at once.
  server.clock.advanceSeconds(30);
  const next = await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp: otp.codeAt(server.clock.now()) } });
  expect(next.body).toMatchObject({ statusCode: 200, data: { verified: true } });
});

test('replays of a spent code never lock the account, however many', async () => {
  const user = await signUpAndSignIn(server);
  const otp = await enrollOtp(server, user.token);
  const totp = otp.codeAt(server.clock.now());
  expect((await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp } })).body.data.verified).toBe(true);
  for (let i = 0; i < 12; i += 1) {
    const replay = await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp } });
    expect(replay.body).toMatchObject({ statusCode: 200, data: { verified: false } });
  }
  server.clock.advanceSeconds(30);
  const next = await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp: otp.codeAt(server.clock.now()) } });
  expect(next.body.data.verified).toBe(true);
});
