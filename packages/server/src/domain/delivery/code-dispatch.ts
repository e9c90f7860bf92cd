import { generateId } from '../codes/one-time-codes.js';
import { TesseraError } from '../errors.js';
import type {
  Clock,
  CodeChannel,
  CodePurpose,
  CodeSender,
  OutgoingCode,
  OutgoingNotice,
  DeliveryLog,
  DeliveryOutcome,
  Random,
  RateCounter,
  SendThrottle,
} from '../ports.js';
import { maskE164, maskEmail } from '../contact/masking.js';
import { destinationBucket, msUntilNextUtcDay, noticeCapsFor, sendCapsFor, type SendCap, type SendCapName, type SendCapPolicy } from './send-caps.js';

export type CodeDispatchPolicy = SendCapPolicy;

export interface CodeRequest extends OutgoingCode {
  /** Who asked, for per-user caps and the delivery log. */
  userId: string;
  /** Where the request came from, for per-IP caps. */
  clientIp: string;
}

export interface NoticeRequest extends OutgoingNotice {
  /** Whose account the notice is about, for its cap and the delivery log. */
  userId: string;
  clientIp: string;
}

/** The few log calls the dispatch makes; pino's Logger fits. */
export interface DispatchLogger {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface CodeDispatchDeps {
  clock: Clock;
  random: Random;
  throttle: SendThrottle;
  counter: RateCounter;
  deliveries: DeliveryLog;
  sender: CodeSender;
  /** The provider name each channel is routed to, for the delivery log. */
  providers: Readonly<Record<CodeChannel, string>>;
  logger: DispatchLogger;
  policy: CodeDispatchPolicy;
}

/**
 * Every code that leaves Tessera goes through here: throttles and caps first (OOB-05), then the
 * configured provider, and one delivery-log row whatever happens. A refused or failed send throws, and the
 * caller must not keep a usable code.
 *
 * Order: the counted caps are all incremented, then the 60 s slot is taken; if anything refuses, every
 * count that did not refuse is given back, so a refused request spends none of the user's, the
 * destination's or the deployment's allowance. The count that refused keeps the attempt (it is over its
 * limit already and its window does not move), which also lets the budget's first refusal be told apart.
 * A send the provider failed keeps its counts: it may have cost money, and a failing provider must not be
 * hammered.
 */
export function createCodeDispatch(deps: CodeDispatchDeps) {
  const { clock, counter, policy } = deps;

  async function dispatch(request: CodeRequest): Promise<void> {
    const now = clock.now();
    const caps = sendCapsFor(request, policy, now);
    await countUnderCaps(request, caps, now);

    const slot = await deps.throttle.acquire(`send:${destinationBucket(request.purpose, request.channel, request.to)}`, policy.sendIntervalSeconds * 1000, now);
    if (!slot.acquired) {
      await giveBack(caps, now);
      await record(request, now, 'refused', null, 'destination-interval');
      const retryAfterSeconds = Math.ceil(slot.retryAfterMs / 1000);
      throw new TesseraError('SEND_TOO_FREQUENT', { retryAfterSeconds }, { retryAfterSeconds });
    }

    await sendAndRecord(request, now);
  }

  /**
   * A security notice (ENR-08): the same providers, templates and delivery log as codes, with its own
   * per-user cap (and the SMS budget), and no 60 s slot — a notice must never delay the user's next code.
   */
  async function dispatchNotice(request: NoticeRequest): Promise<void> {
    const now = clock.now();
    await countUnderCaps(request, noticeCapsFor(request, policy, now), now);
    await sendAndRecord(request, now);
  }

  /**
   * Counts the send under every cap; when one refuses, the counts that did not refuse are given back,
   * the refusal is logged, and it is thrown.
   */
  async function countUnderCaps(request: CodeRequest | NoticeRequest, caps: SendCap[], now: number): Promise<void> {
    const counts = await Promise.all(caps.map((cap) => counter.increment(cap.key, cap.windowMs, now)));
    const refusedAt = caps.findIndex((cap, index) => counts[index]!.count > cap.limit);
    if (refusedAt >= 0) {
      await giveBack(caps.filter((cap, index) => counts[index]!.count <= cap.limit), now);
      const cap = caps[refusedAt]!;
      await record(request, now, 'refused', null, cap.name);
      throw refusal(cap, counts[refusedAt]!, now);
    }
  }

  async function sendAndRecord(request: CodeRequest | NoticeRequest, now: number): Promise<void> {
    const provider = deps.providers[request.channel];
    try {
      const { userId: _userId, clientIp: _clientIp, ...message } = request;
      await deps.sender.send(message);
    } catch (error) {
      // Adapters word their errors without codes or credentials; the detail stays in the log.
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 300);
      deps.logger.error({ channel: request.channel, provider, reason }, `${'event' in request ? 'notice' : 'code'} delivery failed`);
      await record(request, now, 'failed', provider, reason);
      throw new TesseraError('DELIVERY_FAILED');
    }
    await record(request, now, 'sent', provider, null);
  }

  function refusal(cap: SendCap, count: { count: number; resetsAt: number }, now: number): TesseraError {
    if (cap.name === 'sms-daily-budget') {
      if (count.count === cap.limit + 1) {
        deps.logger.error({ budget: cap.limit }, 'SMS daily budget exhausted: no SMS is sent until 00:00 UTC');
      }
      const retryAfterSeconds = Math.ceil(msUntilNextUtcDay(now) / 1000);
      return new TesseraError('SMS_BUDGET_EXHAUSTED', {}, { retryAfterSeconds });
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((count.resetsAt - now) / 1000));
    return new TesseraError('SEND_LIMIT_REACHED', { retryAfterSeconds }, { retryAfterSeconds });
  }

  async function giveBack(caps: SendCap[], now: number): Promise<void> {
    await Promise.all(caps.map((cap) => counter.decrement(cap.key, now)));
  }

  /** The log row never holds the code; a failure to write it must not turn a sent code into an error. */
  async function record(
    request: CodeRequest | NoticeRequest,
    now: number,
    outcome: DeliveryOutcome,
    provider: string | null,
    /** The cap that refused (a SendCapName) or the provider's failure. */
    reason: SendCapName | (string & {}) | null,
  ): Promise<void> {
    try {
      await deps.deliveries.append({
        id: generateId(deps.random),
        userId: request.userId,
        channel: request.channel,
        purpose: 'event' in request ? 'security-notice' : (request.purpose satisfies CodePurpose),
        maskedDestination: request.channel === 'email' ? maskEmail(request.to) : maskE164(request.to),
        clientIp: request.clientIp,
        provider,
        outcome,
        reason,
        createdAt: now,
      });
    } catch (error) {
      deps.logger.error({ err: error, outcome }, 'could not write the delivery log');
    }
  }

  return { dispatch, dispatchNotice };
}

export type CodeDispatch = ReturnType<typeof createCodeDispatch>;
