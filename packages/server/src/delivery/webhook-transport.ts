import type { Clock, WebhookTransport } from '../domain/ports.js';
import { signWebhook, WEBHOOK_HEADERS } from './sms-webhook-sender.js';

/** The event id header: the same on every retry, for the receiver to drop duplicates. */
export const EVENT_ID_HEADER = 'x-tessera-event-id';

/**
 * POSTs an event signed like the SMS webhook: `x-tessera-signature: sha256=HMAC(secret, "<timestamp>.<body>")`
 * with a fresh timestamp per attempt (docs/operations.md has the receiver's recipe). One attempt per call:
 * the outbox retries, with back-off.
 */
export function createWebhookTransport(options: { clock: Clock; timeoutMs: number }): WebhookTransport {
  return {
    async post({ url, secret, body, deliveryId, eventId }) {
      const timestamp = String(Math.floor(options.clock.now() / 1000));
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [WEBHOOK_HEADERS.timestamp]: timestamp,
            [WEBHOOK_HEADERS.signature]: signWebhook(secret, timestamp, body),
            [WEBHOOK_HEADERS.deliveryId]: deliveryId,
            [EVENT_ID_HEADER]: eventId,
          },
          body,
          signal: AbortSignal.timeout(options.timeoutMs),
          redirect: 'error',
        });
        await response.body?.cancel();
        return response.ok ? { ok: true } : { ok: false, error: `HTTP ${response.status}` };
      } catch (error) {
        if ((error as Error).name === 'TimeoutError') return { ok: false, error: `no answer within ${options.timeoutMs} ms` };
        const cause = (error as { cause?: { code?: string } }).cause;
        return { ok: false, error: cause?.code ?? (error as Error).name };
      }
    },
  };
}
