/** Events out: signed webhooks per application, delivered from a durable outbox (docs/operations.md). */

export const EVENT_TYPES = [
  'factor.enrolled',
  'factor.reset',
  'mfa.verified',
  'mfa.failed',
  'account.locked',
  'recovery_code.used',
  'session.revoked',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface WebhookEndpoint {
  id: string;
  appId: string;
  url: string;
  events: EventType[];
  /** Sealed with the keyring, associated data: the endpoint id. */
  secretSealed: string;
  createdAt: number;
}

/** One event for one endpoint: an outbox row. `id` is the de-duplication key the receiver sees. */
export interface OutgoingEvent {
  id: string;
  eventId: string;
  endpointId: string;
  appId: string;
  type: EventType;
  /** The JSON body, as signed and sent. */
  payload: string;
  createdAt: number;
}

export type OutboxState = 'pending' | 'delivered' | 'failed';

export interface OutboxRow extends OutgoingEvent {
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  deliveredAt: number | null;
}

export interface WebhookEndpointStore {
  add(endpoint: WebhookEndpoint): Promise<void>;
  listForApp(appId: string): Promise<WebhookEndpoint[]>;
  find(id: string): Promise<WebhookEndpoint | undefined>;
  /** Removes the app's endpoint; false when it has none with that id. */
  remove(appId: string, id: string): Promise<boolean>;
}

export interface WebhookOutboxStore {
  /**
   * Takes up to `limit` due pending rows for `leaseMs` (rows another instance holds are skipped, a lease
   * that ran out is taken over: a crashed sender's rows are sent again — at least once).
   */
  claimDue(now: number, leaseMs: number, limit: number): Promise<OutboxRow[]>;
  markDelivered(id: string, now: number): Promise<void>;
  /** Another attempt at `nextAttemptAt`, or `failed` when `giveUp`. */
  markAttemptFailed(id: string, attempts: number, nextAttemptAt: number, error: string, giveUp: boolean): Promise<void>;
  /** Deletes up to `limit` delivered or failed rows created before `before`; answers how many. */
  prune(before: number, limit: number): Promise<number>;
  /** Newest first; `before` (a row id) continues after that row. */
  list(query: { appId?: string; state?: OutboxState; before?: string; limit: number }): Promise<OutboxRow[]>;
}

/** POSTs one event signed with the endpoint's secret; never throws: answers what happened, in words safe for a log. */
export interface WebhookTransport {
  post(request: { url: string; secret: string; body: string; deliveryId: string; eventId: string }): Promise<{ ok: true } | { ok: false; error: string }>;
}
