import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Config } from '../../src/config.js';
import { api } from './api.js';
import { startHttpReceiver, type Answer, type HttpReceiver, type ReceivedRequest } from './http-receiver.js';
import type { TestServer } from './test-server.js';
import { useTestServer } from './use-test-server.js';

export const WEBHOOK_SECRET = 'webhook-secret-for-tests-0123456789';

/**
 * What a receiver does with a Tessera SMS webhook (the recipe in docs/delivery.md): recompute
 * HMAC-SHA256(secret, "<x-tessera-timestamp>.<raw body>"), compare in constant time, and refuse a
 * timestamp more than five minutes from its own clock.
 */
export function verifyWebhook(request: ReceivedRequest, secret: string, nowMs: number): boolean {
  const timestamp = String(request.headers['x-tessera-timestamp'] ?? '');
  const signature = String(request.headers['x-tessera-signature'] ?? '');
  if (!/^\d+$/.test(timestamp) || Math.abs(nowMs / 1000 - Number(timestamp)) > 300) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The 6-digit code of an SMS request (webhook JSON or Twilio form). */
export function codeOf(request: ReceivedRequest): string {
  const text = request.headers['content-type']?.startsWith('application/json')
    ? (JSON.parse(request.body) as { text: string }).text
    : new URLSearchParams(request.body).get('Body') ?? '';
  const match = /\b(\d{6})\b/.exec(text);
  if (!match) throw new Error(`no code in ${text}`);
  return match[1]!;
}

/**
 * For a test file whose server texts through a real local receiver: starts both before the file's tests,
 * empties the receiver's log before each test, closes both after. `configFor` gets the receiver's URL.
 */
export function useSmsReceiver(configFor: (receiverUrl: string) => Partial<Config>, fallback?: Answer): { readonly receiver: HttpReceiver; readonly server: TestServer } {
  let receiver: HttpReceiver | undefined;
  const started = (): HttpReceiver => {
    if (!receiver) throw new Error('useSmsReceiver: the receiver is read before its beforeAll ran');
    return receiver;
  };
  beforeAll(async () => {
    receiver = await startHttpReceiver(fallback);
  });
  // Hooks registered later close first: the server stops before the receiver it texts.
  afterAll(() => receiver?.close());
  const { server } = useTestServer(() => ({ config: configFor(started().url) }));
  beforeEach(() => {
    started().requests.length = 0;
  });
  return {
    server,
    get receiver() {
      return started();
    },
  };
}

/** The signed webhook configuration of these tests. */
export const webhookConfig = (receiverUrl: string): Partial<Config> => ({
  smsWebhookUrl: `${receiverUrl}/sms`,
  smsWebhookSecret: WEBHOOK_SECRET,
});

/** Starts an SMS factor enrollment for a national number (country code +86 by default). */
export function requestSmsEnrollment(server: TestServer, token: string, phoneNumber: string, lang?: string) {
  return api(server, 'POST', '/api/v3/send-enroll-factor-request', {
    token,
    body: { factorType: 'SMS', profile: { phoneNumber } },
    ...(lang ? { lang } : {}),
  });
}
