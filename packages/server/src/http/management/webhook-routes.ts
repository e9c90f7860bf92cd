import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AddWebhookDataSchema,
  AddWebhookDtoSchema,
  EnvelopeSchema,
  ListWebhookDeliveriesQuerySchema,
  ListWebhooksDataSchema,
  ListWebhooksQuerySchema,
  RemoveWebhookDataSchema,
  RemoveWebhookDtoSchema,
  WebhookDeliveriesPageDataSchema,
} from '@tessera/contract';
import type { WebhookEndpointView } from '../../domain/events/webhook-admin.js';
import { TesseraError } from '../../domain/errors.js';
import type { OutboxRow } from '../../domain/ports.js';
import type { Services } from '../../runtime.js';
import { successEnvelope } from '../v3/envelope.js';
import { limitOf } from './admin-routes.js';

const iso = (at: number) => new Date(at).toISOString();
const endpointOut = (endpoint: WebhookEndpointView) => ({ ...endpoint, createdAt: iso(endpoint.createdAt) });
const deliveryOut = (row: OutboxRow) => ({
  id: row.id,
  eventId: row.eventId,
  type: row.type,
  appId: row.appId,
  endpointId: row.endpointId,
  state: row.state,
  attempts: row.attempts,
  createdAt: iso(row.createdAt),
  nextAttemptAt: row.state === 'pending' ? iso(row.nextAttemptAt) : null,
  deliveredAt: row.deliveredAt === null ? null : iso(row.deliveredAt),
  lastError: row.lastError,
});

/**
 * Event webhooks through the management API (issue 15): what `tessera apps webhooks …` and `tessera events
 * list` do, over services.webhooks. The secret is in the add answer only, never in a list or a log line.
 */
export function webhookRoutes(services: Services): FastifyPluginAsyncTypebox {
  const { webhooks } = services;
  const tags = ['tessera-admin'];
  return async (app) => {
    app.post('/tessera/add-webhook', {
      schema: {
        operationId: 'addWebhook',
        tags,
        summary: "Add a signed event webhook to an app; the answer holds its secret, shown this once",
        body: AddWebhookDtoSchema,
        response: { 200: EnvelopeSchema(AddWebhookDataSchema) },
      },
      handler: async (request) => {
        const { endpoint, secret } = await webhooks.add(request.body);
        return successEnvelope(request, { endpoint: endpointOut(endpoint), secret });
      },
    });

    app.get('/tessera/list-webhooks', {
      schema: { operationId: 'listWebhooks', tags, summary: "An app's webhook endpoints (never a secret)", querystring: ListWebhooksQuerySchema, response: { 200: EnvelopeSchema(ListWebhooksDataSchema) } },
      handler: async (request) => successEnvelope(request, (await webhooks.list(request.query.appId)).map(endpointOut)),
    });

    app.post('/tessera/remove-webhook', {
      schema: { operationId: 'removeWebhook', tags, summary: 'Remove an app\'s webhook endpoint; its undelivered events are dropped', body: RemoveWebhookDtoSchema, response: { 200: EnvelopeSchema(RemoveWebhookDataSchema) } },
      handler: async (request) => {
        const { appId, webhookId } = request.body;
        if (!(await webhooks.remove(appId, webhookId))) throw new TesseraError('VALIDATION_FAILED', { detail: `application ${appId} has no webhook ${webhookId}` });
        return successEnvelope(request, { removed: true as const });
      },
    });

    app.get('/tessera/list-webhook-deliveries', {
      schema: {
        operationId: 'listWebhookDeliveries',
        tags,
        summary: 'Events sent to webhooks and their delivery state, newest first; page with the cursor',
        querystring: ListWebhookDeliveriesQuerySchema,
        response: { 200: EnvelopeSchema(WebhookDeliveriesPageDataSchema) },
      },
      handler: async (request) => {
        const { appId, state, cursor } = request.query;
        const page = await webhooks.deliveryPage({ limit: limitOf(request.query.limit), ...(appId ? { appId } : {}), ...(state ? { state } : {}), ...(cursor ? { before: cursor } : {}) });
        return successEnvelope(request, { deliveries: page.deliveries.map(deliveryOut), nextCursor: page.nextCursor });
      },
    });
  };
}
