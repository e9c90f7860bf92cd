import type { Logger } from 'pino';
import type { WebhookDispatcher } from '../domain/events/webhook-dispatcher.js';

/** The longest a stopping server waits for a webhook round in flight. */
const STOP_WAIT_MS = 2000;

/**
 * The server's loop over the event outbox: a round every `intervalMs`, at once again while rounds come
 * back full. Every instance runs one; the outbox's leases keep two from sending the same row at once.
 */
export function startWebhookWorker(dispatcher: WebhookDispatcher, options: { intervalMs: number; batchSize: number; logger: Logger }) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const round = async () => {
    try {
      while (!stopped && (await dispatcher.runOnce()) >= options.batchSize) {
        // a full round: more may be waiting
      }
    } catch (error) {
      // The store is away: the rows stay in the outbox, the next round tries again.
      options.logger.warn({ err: error }, 'event webhook round failed');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round().then(schedule);
    }, options.intervalMs);
    timer.unref();
  };
  schedule();

  return {
    /**
     * Stops after the round in flight, so no send is cut off by closing the store — but waits at most a
     * moment: a receiver that hangs must not eat the shutdown grace. A row cut off keeps its lease and goes
     * out again later (at least once).
     */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      let wait: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise<void>((resolve) => (wait = setTimeout(resolve, STOP_WAIT_MS)))]);
      clearTimeout(wait);
    },
  };
}
