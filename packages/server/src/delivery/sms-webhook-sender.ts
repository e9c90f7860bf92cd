import { createHmac, randomUUID } from 'node:crypto';
import { isNotice, type Clock, type CodeSender } from '../domain/ports.js';
import { renderCodeText } from './code-message.js';
import { postToProvider } from './provider-request.js';

export interface SmsWebhookOptions {
  url: string;
  /** Shared with the receiver; signs every request. */
  secret: string;
  timeoutMs: number;
  clock: Clock;
}

/** Header names of the signed webhook (the receiver's recipe is in docs/delivery.md). */
export const WEBHOOK_HEADERS = {
  signature: 'x-tessera-signature',
  timestamp: 'x-tessera-timestamp',
  deliveryId: 'x-tessera-delivery-id',
} as const;

/**
 * The MAC input: `<timestamp>.<raw body>`, so a captured request cannot be replayed later with a new
 * timestamp (the receiver rejects old timestamps) nor its body altered.
 */
export function signWebhook(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/**
 * SMS through a generic JSON webhook the operator runs in front of their SMS vendor: POST
 * `{to, text, code, purpose, language}`, signed with HMAC-SHA256. The delivery id stays the same on the
 * retry, so a receiver that saw the first attempt can drop the second.
 */
export function createSmsWebhookSender(options: SmsWebhookOptions): CodeSender {
  return {
    async send(message) {
      const body = JSON.stringify({
        to: message.to,
        text: renderCodeText(message),
        code: isNotice(message) ? null : message.code,
        purpose: isNotice(message) ? 'security-notice' : message.purpose,
        ...(isNotice(message) ? { event: message.event } : {}),
        language: message.language,
      });
      const deliveryId = randomUUID();
      await postToProvider(
        'sms webhook',
        () => {
          const timestamp = String(Math.floor(options.clock.now() / 1000));
          return {
            url: options.url,
            headers: {
              'content-type': 'application/json',
              [WEBHOOK_HEADERS.timestamp]: timestamp,
              [WEBHOOK_HEADERS.signature]: signWebhook(options.secret, timestamp, body),
              [WEBHOOK_HEADERS.deliveryId]: deliveryId,
            },
            body,
          };
        },
        options.timeoutMs,
      );
    },
  };
}
