/**
 * Attack: SMS pumping from many IPs and accounts at once (a botnet), each staying under every per-source
 * cap; the bill is the target. Defence: a deployment-wide daily SMS budget (default 1,000 per UTC day).
 * Once spent, SMS sending stops with SMS_BUDGET_EXHAUSTED and one error log line for the operator, while
 * TOTP and email keep working, so users can still bind and use other factors.
 */
import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { startOtpEnrollment } from '../support/factors.js';
import { useTestServer } from '../support/use-test-server.js';

const BUDGET = 2;

const { server } = useTestServer({ config: { smsDailyBudget: BUDGET } });

let numbers = 8200;
async function requestSms() {
  const user = await signUpAndSignIn(server);
  const answer = await api(server, 'POST', '/api/v3/send-enroll-factor-request', {
    token: user.token,
    lang: 'en-US',
    body: { factorType: 'SMS', profile: { phoneNumber: `1380013${numbers++}` } },
  });
  return answer;
}

const budgetLogLines = () => server.logs.entries().filter((entry) => entry.msg === 'SMS daily budget exhausted: no SMS is sent until 00:00 UTC');

describe('the daily SMS budget', () => {
  test('once the budget is spent, SMS is refused with SMS_BUDGET_EXHAUSTED and reaches no provider', async () => {
    for (let i = 0; i < BUDGET; i++) expect((await requestSms()).body.statusCode).toBe(200);
    const refused = await requestSms();
    expect(refused.body).toMatchObject({
      statusCode: 429,
      apiCode: 46042,
      message: 'SMS codes cannot be sent right now; use another factor or retry later',
    });
    // The clock stands at 12:00:10 UTC: the budget renews at midnight.
    expect(refused.body.data).toEqual({ retryAfterSeconds: 12 * 3600 - 10 });
    expect(server.outbox().filter((line) => line.channel === 'sms')).toHaveLength(BUDGET);
  });

  test('the operator gets one error log line when the budget runs out, not one per refusal', async () => {
    await requestSms();
    await requestSms();
    expect(budgetLogLines()).toHaveLength(1);
    expect(budgetLogLines()[0]).toMatchObject({ level: 50, budget: BUDGET });
  });

  test('email codes still go out', async () => {
    const user = await signUpAndSignIn(server);
    const answer = await api(server, 'POST', '/api/v3/send-enroll-factor-request', {
      token: user.token,
      body: { factorType: 'EMAIL', profile: { email: 'budget-spent@example.com' } },
    });
    expect(answer.body.statusCode).toBe(200);
  });

  test('TOTP enrollment still works', async () => {
    const user = await signUpAndSignIn(server);
    const started = await startOtpEnrollment(server, user.token);
    expect(started.enrollmentToken).toBeTruthy();
  });

  test('the next UTC day the budget is renewed', async () => {
    server.clock.set(Date.UTC(2026, 10, 28, 0, 0, 1));
    expect((await requestSms()).body.statusCode).toBe(200);
  });
});
