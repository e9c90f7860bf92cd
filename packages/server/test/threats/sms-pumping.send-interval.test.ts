/**
 * Attack: an attacker (or an impatient client) asks for a code to the same number again and again. Each
 * request costs the deployment an SMS and floods the owner of the number. Defence (spec §3: one send per
 * phone number or email per minute; OOB-05): a second send to the same destination within 60 s is refused
 * with the seconds to wait, before any provider is called, and spends none of the other allowances.
 */
import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { codeOf, requestSmsEnrollment, useSmsReceiver, webhookConfig } from '../support/sms-provider.js';

const context = useSmsReceiver(webhookConfig);

const requestSms = (token: string, phoneNumber: string) => requestSmsEnrollment(context.server, token, phoneNumber);

describe('one code per destination per 60 s', () => {
  test('a second send within 60 s is refused with SEND_TOO_FREQUENT and no provider call', async () => {
    const user = await signUpAndSignIn(context.server);
    await requestSms(user.token, '13800138031');
    context.server.clock.advanceSeconds(45);
    const second = await requestSms(user.token, '13800138031');
    expect(second.body).toMatchObject({ statusCode: 429, apiCode: 46040, data: { retryAfterSeconds: 15 } });
    expect(second.headers.get('retry-after')).toBe('15');
    expect(context.receiver.requests).toHaveLength(1);
  });

  test('the interval holds across users: another account cannot send to the same number either', async () => {
    const first = await signUpAndSignIn(context.server);
    const second = await signUpAndSignIn(context.server);
    await requestSms(first.token, '13800138032');
    expect((await requestSms(second.token, '13800138032')).body).toMatchObject({ statusCode: 429, apiCode: 46040 });
    expect(context.receiver.requests).toHaveLength(1);
  });

  test('the refused resend leaves the first code usable', async () => {
    const user = await signUpAndSignIn(context.server);
    const first = await requestSms(user.token, '13800138033');
    const code = codeOf(context.receiver.requests[0]!);
    context.server.clock.advanceSeconds(10);
    expect((await requestSms(user.token, '13800138033')).body.statusCode).toBe(429);
    const confirm = await api(context.server, 'POST', '/api/v3/enroll-factor', {
      token: user.token,
      body: { factorType: 'SMS', enrollmentToken: first.body.data.enrollmentToken, enrollmentData: { passCode: code } },
    });
    expect(confirm.body.statusCode).toBe(200);
  });

  test('after 60 s the next code goes out', async () => {
    const user = await signUpAndSignIn(context.server);
    await requestSms(user.token, '13800138034');
    context.server.clock.advanceSeconds(60);
    expect((await requestSms(user.token, '13800138034')).body.statusCode).toBe(200);
    expect(context.receiver.requests).toHaveLength(2);
  });

  test('the refused resend spends none of the hourly allowance', async () => {
    const user = await signUpAndSignIn(context.server);
    await requestSms(user.token, '13800138035');
    for (let i = 0; i < 15; i++) await requestSms(user.token, '13800138035');
    const counter = await context.server.server.runtime.store.db
      .selectFrom('rate_counters')
      .select('count')
      .where('key', '=', `user-hour:${user.userId}`)
      .executeTakeFirstOrThrow();
    expect(Number(counter.count)).toBe(1);
  });
});
