import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ReceivedRequest } from './http-receiver.js';

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
