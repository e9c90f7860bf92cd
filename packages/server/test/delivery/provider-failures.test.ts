import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { closedPort } from '../support/http-receiver.js';
import { WEBHOOK_SECRET, useSmsReceiver, webhookConfig } from '../support/sms-provider.js';
import type { TestServer } from '../support/test-server.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * A provider that is down, slow or failing gives the caller DELIVERY_FAILED (502) and leaves no pending
 * enrollment behind. Retry policy: one retry on 5xx or a refused connection, none on 4xx or a timeout.
 */
const TIMEOUT_MS = 200;

const context = useSmsReceiver((receiverUrl) => ({ ...webhookConfig(receiverUrl), deliveryTimeoutMs: TIMEOUT_MS }));

async function requestSms(target: TestServer, phoneNumber: string) {
  const user = await signUpAndSignIn(target);
  const answer = await api(target, 'POST', '/api/v3/send-enroll-factor-request', {
    token: user.token,
    lang: 'en-US',
    body: { factorType: 'SMS', profile: { phoneNumber } },
  });
  return { user, answer };
}

async function pendingEnrollmentsOf(target: TestServer, userId: string) {
  return target.server.runtime.store.db.selectFrom('pending_enrollments').selectAll().where('user_id', '=', userId).execute();
}

describe('SMS provider failures', () => {
  test('a 500 on both attempts answers DELIVERY_FAILED after exactly two calls', async () => {
    context.receiver.answerWith({ status: 500 }, { status: 500 });
    const { answer } = await requestSms(context.server, '13800138021');
    expect(answer.body).toMatchObject({ statusCode: 502, apiCode: 46043, message: 'The code could not be delivered; retry later' });
    expect(context.receiver.requests).toHaveLength(2);
  });

  test('the retry after a 500 carries the same delivery id, so a receiver can drop a duplicate', async () => {
    context.receiver.answerWith({ status: 500 }, { status: 500 });
    await requestSms(context.server, '13800138022');
    const [first, second] = context.receiver.requests.map((request) => request.headers['x-tessera-delivery-id']);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).toBe(first);
  });

  test('a 500 then a 200 is sent on the retry, and never a third time', async () => {
    context.receiver.answerWith({ status: 503 }, { status: 200 });
    const { answer } = await requestSms(context.server, '13800138023');
    expect(answer.body.statusCode).toBe(200);
    expect(context.receiver.requests).toHaveLength(2);
  });

  test('a 4xx is not retried', async () => {
    context.receiver.answerWith({ status: 422 });
    const { answer } = await requestSms(context.server, '13800138024');
    expect(answer.body).toMatchObject({ statusCode: 502, apiCode: 46043 });
    expect(context.receiver.requests).toHaveLength(1);
  });

  test('a provider that does not answer in time fails after one call: it may have sent, so no retry', async () => {
    context.receiver.answerWith('hang');
    const { answer } = await requestSms(context.server, '13800138025');
    expect(answer.body).toMatchObject({ statusCode: 502, apiCode: 46043 });
    expect(context.receiver.requests).toHaveLength(1);
  });

  test('a failed send leaves no pending enrollment and no factor', async () => {
    context.receiver.answerWith({ status: 500 }, { status: 500 });
    const { user, answer } = await requestSms(context.server, '13800138026');
    expect(answer.body.statusCode).toBe(502);
    expect(await pendingEnrollmentsOf(context.server, user.userId)).toEqual([]);
    const listed = await api(context.server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token });
    expect(listed.body.data).toEqual([]);
  });

  test('the failure reason reaches the log and the delivery log, never the code', async () => {
    context.receiver.answerWith({ status: 500 }, { status: 500 });
    const { user } = await requestSms(context.server, '13800138027');
    const code = JSON.parse(context.receiver.requests[0]!.body).code as string;
    const [row] = await context.server.server.runtime.store.deliveries.list({ limit: 1, userId: user.userId });
    expect(row).toMatchObject({ outcome: 'failed', provider: 'webhook', reason: 'sms webhook: HTTP 500, then HTTP 500 on retry' });
    expect(context.server.logs.text()).toContain('code delivery failed');
    expect(context.server.logs.text()).not.toContain(code);
  });
});

describe('SMS provider down', () => {
  const { server: down } = useTestServer(async () => ({
    config: { smsWebhookUrl: `http://127.0.0.1:${await closedPort()}/sms`, smsWebhookSecret: WEBHOOK_SECRET, deliveryTimeoutMs: TIMEOUT_MS },
  }));

  test('a refused connection answers DELIVERY_FAILED and leaves no pending enrollment', async () => {
    const { user, answer } = await requestSms(down, '13800138028');
    expect(answer.body).toMatchObject({ statusCode: 502, apiCode: 46043 });
    expect(await pendingEnrollmentsOf(down, user.userId)).toEqual([]);
    const [row] = await down.server.runtime.store.deliveries.list({ limit: 1, userId: user.userId });
    expect(row!.reason).toBe('sms webhook: connection failed (ECONNREFUSED), then connection failed (ECONNREFUSED) on retry');
  });
});
