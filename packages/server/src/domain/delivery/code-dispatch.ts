import type { Language } from '@tessera/contract';
import { TesseraError } from '../errors.js';
import type { Clock, CodeChannel, CodePurpose, CodeSender, SendThrottle } from '../ports.js';

export interface CodeDispatchPolicy {
  /** One code per phone number / email per this many seconds (documented V3 limit: 60). */
  sendIntervalSeconds: number;
}

export interface CodeRequest {
  channel: CodeChannel;
  /** E.164 phone number or normalised email. */
  to: string;
  code: string;
  purpose: CodePurpose;
  appName: string;
  ttlSeconds: number;
  language: Language;
  /** Who asked, for per-user caps and the delivery log. */
  userId: string;
  /** Where the request came from, for per-IP caps. */
  clientIp: string;
}

/**
 * Every code that leaves Tessera goes through here: throttles and caps first (OOB-05), then the
 * configured provider. A refused or failed send throws, and the caller must not keep a usable code.
 */
export function createCodeDispatch(deps: { clock: Clock; throttle: SendThrottle; sender: CodeSender; policy: CodeDispatchPolicy }) {
  async function dispatch(request: CodeRequest): Promise<void> {
    const slot = await deps.throttle.acquire(
      `send:${request.channel}:${request.to}`,
      deps.policy.sendIntervalSeconds * 1000,
      deps.clock.now(),
    );
    if (!slot.acquired) {
      const retryAfterSeconds = Math.ceil(slot.retryAfterMs / 1000);
      throw new TesseraError('SEND_TOO_FREQUENT', { retryAfterSeconds }, { retryAfterSeconds });
    }
    await deps.sender.send({
      channel: request.channel,
      to: request.to,
      code: request.code,
      purpose: request.purpose,
      appName: request.appName,
      ttlSeconds: request.ttlSeconds,
      language: request.language,
    });
  }

  return { dispatch };
}

export type CodeDispatch = ReturnType<typeof createCodeDispatch>;
