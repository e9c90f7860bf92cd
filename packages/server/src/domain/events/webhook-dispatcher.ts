import type { Clock, OutboxRow, SecretBox, WebhookEndpoint, WebhookEndpointStore, WebhookOutboxStore, WebhookTransport } from '../ports.js';

/** Delivered and failed events stay listed (`tessera events list`) this long, then go. */
export const OUTBOX_RETENTION_MS = 30 * 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;
const PRUNE_BATCH = 1000;

export interface WebhookRetryPolicy {
  /** Attempts before a delivery is marked failed. */
  maxAttempts: number;
  /** The wait after the first failure; each later one waits twice as long, up to maxRetryMs. */
  firstRetryMs: number;
  maxRetryMs: number;
  /** How long an instance holds a row it is sending; after that another instance may send it again. */
  leaseMs: number;
  /** Rows taken per round. */
  batchSize: number;
}

/**
 * Sends what the outbox holds: at least once (a row is marked delivered only after a 2xx; a crash
 * between the two sends it again, with the same event id for the receiver to drop), with exponential
 * back-off, and rows of a removed endpoint are dropped as failed.
 */
export function createWebhookDispatcher(deps: {
  clock: Clock;
  outbox: WebhookOutboxStore;
  endpoints: WebhookEndpointStore;
  box: SecretBox;
  transport: WebhookTransport;
  policy: WebhookRetryPolicy;
}) {
  const { policy } = deps;

  async function deliver(row: OutboxRow): Promise<void> {
    const endpoint = await deps.endpoints.find(row.endpointId);
    if (!endpoint) {
      await deps.outbox.markAttemptFailed(row.id, row.attempts, row.nextAttemptAt, 'endpoint removed', true);
      return;
    }
    const answer = await attempt(row, endpoint);
    if (answer.ok) {
      await deps.outbox.markDelivered(row.id, deps.clock.now());
      return;
    }
    const attempts = row.attempts + 1;
    const wait = Math.min(policy.maxRetryMs, policy.firstRetryMs * 2 ** (attempts - 1));
    await deps.outbox.markAttemptFailed(row.id, attempts, deps.clock.now() + wait, answer.error, attempts >= policy.maxAttempts);
  }

  async function attempt(row: OutboxRow, endpoint: WebhookEndpoint): Promise<{ ok: true } | { ok: false; error: string }> {
    let secret: string;
    try {
      secret = deps.box.open(endpoint.secretSealed, endpoint.id).toString('utf8');
    } catch {
      // A keyring that lost the key sealing this secret (KEY-02): an attempt that failed, never a stuck round.
      return { ok: false, error: 'the endpoint secret does not open with this keyring' };
    }
    return deps.transport.post({ url: endpoint.url, secret, body: row.payload, deliveryId: row.id, eventId: row.eventId });
  }

  let prunedAt = Number.NEGATIVE_INFINITY;

  /** One round: takes the due rows and sends them; answers how many it took. Now and then, prunes. */
  async function runOnce(): Promise<number> {
    const now = deps.clock.now();
    const rows = await deps.outbox.claimDue(now, policy.leaseMs, policy.batchSize);
    await Promise.all(rows.map((row) => deliver(row)));
    if (rows.length === 0 && now - prunedAt >= PRUNE_EVERY_MS) {
      prunedAt = now;
      await deps.outbox.prune(now - OUTBOX_RETENTION_MS, PRUNE_BATCH);
    }
    return rows.length;
  }

  return { runOnce };
}

export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>;
