import { TesseraError } from '../errors.js';
import { EVENT_TYPES, type AppRepository, type Clock, type EventType, type OutboxRow, type OutboxState, type Random, type SecretBox, type WebhookEndpoint, type WebhookEndpointStore, type WebhookOutboxStore } from '../ports.js';

const MAX_URL_LENGTH = 2048;

/** An endpoint as an operator sees it: never its secret. */
export type WebhookEndpointView = Omit<WebhookEndpoint, 'secretSealed'>;

/**
 * Operator actions on event webhooks, one place for the CLI (`tessera apps webhooks …`, `tessera events
 * list`) and the management API. The secret is shown once, at creation, and kept sealed.
 */
export function createWebhookAdmin(deps: {
  clock: Clock;
  random: Random;
  box: SecretBox;
  apps: AppRepository;
  endpoints: WebhookEndpointStore;
  outbox: WebhookOutboxStore;
}) {
  async function add(input: { appId: string; url: string; events: readonly string[] }): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
    if (!(await deps.apps.findById(input.appId))) throw new TesseraError('APP_NOT_FOUND');
    const url = checkedUrl(input.url);
    const events = checkedEvents(input.events);
    const id = `wh_${deps.random.bytes(12).toString('hex')}`;
    const secret = `whsec_${deps.random.bytes(32).toString('base64url')}`;
    const endpoint: WebhookEndpoint = {
      id,
      appId: input.appId,
      url,
      events,
      secretSealed: deps.box.seal(Buffer.from(secret, 'utf8'), id),
      createdAt: deps.clock.now(),
    };
    await deps.endpoints.add(endpoint);
    return { endpoint: view(endpoint), secret };
  }

  return {
    add,
    list: async (appId: string): Promise<WebhookEndpointView[]> => (await deps.endpoints.listForApp(appId)).map(view),
    remove: (appId: string, id: string) => deps.endpoints.remove(appId, id),
    /** Delivery state of events out, newest first. */
    deliveries: (query: { appId?: string; state?: OutboxState; before?: string; limit: number }) => deps.outbox.list(query),
    /** One page of `deliveries`; `nextCursor` (pass it as `before`) continues after its last row. */
    async deliveryPage(query: { appId?: string; state?: OutboxState; before?: string; limit: number }): Promise<{ deliveries: OutboxRow[]; nextCursor: string | null }> {
      const deliveries = await deps.outbox.list(query);
      return { deliveries, nextCursor: deliveries.length === query.limit ? deliveries.at(-1)!.id : null };
    },
  };
}

export type WebhookAdmin = ReturnType<typeof createWebhookAdmin>;

function view({ secretSealed: _sealed, ...rest }: WebhookEndpoint): WebhookEndpointView {
  return rest;
}

function checkedUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(`not a URL: ${text.slice(0, 100)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('a webhook URL must be http(s)');
  if (text.length > MAX_URL_LENGTH) throw invalid(`a webhook URL has at most ${MAX_URL_LENGTH} characters`);
  return url.toString();
}

function checkedEvents(events: readonly string[]): EventType[] {
  if (events.length === 0) throw invalid(`name at least one event: ${EVENT_TYPES.join(', ')}`);
  const unknown = events.filter((event) => !(EVENT_TYPES as readonly string[]).includes(event));
  if (unknown.length > 0) throw invalid(`unknown events: ${unknown.join(', ')} (known: ${EVENT_TYPES.join(', ')})`);
  return [...new Set(events)] as EventType[];
}

const invalid = (detail: string) => new TesseraError('VALIDATION_FAILED', { detail });
