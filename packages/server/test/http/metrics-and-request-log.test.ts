import { describe, expect, test } from 'vitest';
import { signUpAndSignIn } from '../support/accounts.js';
import { api } from '../support/api.js';
import { enrollByCode, enrollOtp } from '../support/factors.js';
import { challengeFor, verifyTotp } from '../support/mfa.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * GET /metrics (Prometheus text, prom-client) on the private listener of TESSERA_METRICS_PORT, or on the
 * public one behind TESSERA_METRICS_TOKEN; the series move with requests, verifications, sends and locks.
 * One log line per request with id, route, status, duration and app — and no code or token in it.
 */
const METRICS_TOKEN = 'metrics-token-0123456789abcdef0123456789';
const { server } = useTestServer({ config: { metricsPort: 0, metricsToken: METRICS_TOKEN, failuresPerLock: 3 } });

async function scrape(): Promise<string> {
  const response = await fetch(server.server.metricsUrl!);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

/** The value of one series (0 when absent), labels given in the order prom-client prints them. */
function value(text: string, series: string): number {
  const line = text.split('\n').find((row) => row.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('GET /metrics', () => {
  test('the series of requests, verifications, sends, locks and the store move as the server works', async () => {
    const signIns = 'tessera_http_requests_total{route="/api/v3/signin",method="POST",status="200"}';
    const ok = 'tessera_verifications_total{factor_type="OTP",outcome="ok"}';
    const wrong = 'tessera_verifications_total{factor_type="OTP",outcome="wrong"}';
    const replayed = 'tessera_verifications_total{factor_type="OTP",outcome="replayed"}';
    const locked = 'tessera_verifications_total{factor_type="OTP",outcome="locked"}';
    const smsSent = 'tessera_sends_total{channel="sms",outcome="sent"}';
    const before = await scrape();

    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    await enrollByCode(server, user.token, 'SMS', { phoneNumber: '13800138000' }, '+8613800138000');
    server.clock.advanceSeconds(30);
    const code = otp.codeAt(server.clock.now());
    expect((await verifyTotp(server, await challengeFor(server, user.email, user.password), code)).body.code).toBe(200);
    await verifyTotp(server, await challengeFor(server, user.email, user.password), code);
    const mfaToken = await challengeFor(server, user.email, user.password);
    for (let attempt = 0; attempt < 4; attempt++) await verifyTotp(server, mfaToken, '000000');

    const after = await scrape();
    expect(value(after, signIns)).toBeGreaterThanOrEqual(value(before, signIns) + 4);
    expect(value(after, 'tessera_http_request_duration_seconds_count{route="/api/v3/signin",method="POST",status="200"}')).toBe(value(after, signIns));
    expect(value(after, ok) - value(before, ok)).toBeGreaterThanOrEqual(2); // OTP enrollment confirm + the sign-in
    expect(value(after, wrong) - value(before, wrong)).toBe(3);
    expect(value(after, replayed) - value(before, replayed)).toBe(1);
    expect(value(after, locked) - value(before, locked)).toBe(1);
    expect(value(after, 'tessera_failure_budget_locks_total') - value(before, 'tessera_failure_budget_locks_total')).toBe(1);
    expect(value(after, smsSent) - value(before, smsSent)).toBeGreaterThanOrEqual(1);
    expect(value(after, 'tessera_send_duration_seconds_count{channel="sms"}')).toBeGreaterThanOrEqual(1);
    expect(value(after, 'tessera_store_up')).toBe(1);
    expect(after).toMatch(/^tessera_argon2_queue_depth \d+$/m);
    expect(after).toMatch(/^tessera_process_cpu_user_seconds_total /m);
  });

  test('on the public listener only with the bearer token', async () => {
    expect((await fetch(new URL('/metrics', server.url))).status).toBe(401);
    expect((await fetch(new URL('/metrics', server.url), { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const answer = await fetch(new URL('/metrics', server.url), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('tessera_http_requests_total');
  });
});

describe('request log and x-request-id', () => {
  test('one line per request: request id, route pattern, status, duration, app id; never the token or the code', async () => {
    const user = await signUpAndSignIn(server);
    const requestId = 'trace-0123456789';
    const answer = await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token, headers: { 'x-request-id': requestId } });
    expect(answer.headers.get('x-request-id')).toBe(requestId);
    const lines = server.logs.entries().filter((entry) => entry.reqId === requestId);
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'request completed', route: '/api/v3/list-enrolled-factors', method: 'GET', status: 200, appId: server.appId, ms: expect.any(Number) }),
    ]);
    expect(server.logs.text()).not.toContain(user.token);
    expect(server.logs.text()).not.toContain(user.password);
  });

  test.each([
    ['too short', 'short'],
    ['spaces and quotes', 'a request "id" with spaces'],
    ['too long', 'x'.repeat(129)],
  ])('an x-request-id that is %s is replaced by a fresh id', async (_case, given) => {
    const answer = await api(server, 'GET', '/api/v3/list-enrolled-factors', { headers: { 'x-request-id': given } });
    expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.body.requestId).toBe(answer.headers.get('x-request-id'));
  });
});
