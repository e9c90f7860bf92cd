import type { CodeSender } from '../domain/ports.js';
import { renderCodeText } from './code-message.js';
import { postToProvider } from './provider-request.js';

export interface TwilioOptions {
  /** https://api.twilio.com, or a compatible gateway / test double. */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** The sending number, E.164. */
  from: string;
  timeoutMs: number;
}

/** SMS through Twilio's Messages API: a form POST with HTTP Basic auth (Account SID : Auth Token). */
export function createTwilioSender(options: TwilioOptions): CodeSender {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  return {
    async send(message) {
      const body = new URLSearchParams({ To: message.to, From: options.from, Body: renderCodeText(message) }).toString();
      await postToProvider(
        'twilio',
        () => ({
          url,
          headers: { 'content-type': 'application/x-www-form-urlencoded', authorization, accept: 'application/json' },
          body,
        }),
        options.timeoutMs,
        describeTwilioRefusal,
      );
    },
  };
}

/** Twilio answers errors as `{code, message, more_info}`; its numeric code is what an operator looks up. */
function describeTwilioRefusal(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { code?: unknown };
    if (typeof parsed.code === 'number') return `HTTP ${status} (Twilio error ${parsed.code})`;
  } catch {
    // not JSON: the status says enough
  }
  return `HTTP ${status}`;
}
