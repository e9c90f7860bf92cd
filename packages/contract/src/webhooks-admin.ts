import { Type } from '@sinclair/typebox';
import { Loose } from './accounts.js';
import { InputText } from './input-text.js';

/**
 * Tessera's admin endpoints for event webhooks (/api/v3/tessera/*-webhook*, docs/operations.md): an app's
 * endpoints and the delivery state of the events sent to them. No answer but `add-webhook`'s holds a secret.
 */

const Text = (maxLength = 256) => InputText({ minLength: 1, maxLength });
const Limit = Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$', description: '1 to 1000, default 100' }));

const WebhookEndpointSchema = Type.Object({
  id: Type.String(),
  appId: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});

// POST /api/v3/tessera/add-webhook
export const AddWebhookDtoSchema = Loose({
  appId: Text(64),
  url: Text(2048),
  events: Type.Array(Text(64), { minItems: 1, maxItems: 32, description: 'factor.enrolled, factor.reset, mfa.verified, mfa.failed, account.locked, recovery_code.used, session.revoked' }),
});
export const AddWebhookDataSchema = Type.Object({
  endpoint: WebhookEndpointSchema,
  secret: Type.String({ description: 'whsec_…: signs every event (HMAC-SHA256); shown this once, kept sealed' }),
});

// GET /api/v3/tessera/list-webhooks?appId
export const ListWebhooksQuerySchema = Loose({ appId: Text(64) });
export const ListWebhooksDataSchema = Type.Array(WebhookEndpointSchema);

// POST /api/v3/tessera/remove-webhook
export const RemoveWebhookDtoSchema = Loose({ appId: Text(64), webhookId: Text(64) });
export const RemoveWebhookDataSchema = Type.Object({ removed: Type.Literal(true) });

// GET /api/v3/tessera/list-webhook-deliveries
export const ListWebhookDeliveriesQuerySchema = Loose({
  appId: Type.Optional(Text(64)),
  state: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')])),
  cursor: Type.Optional(Text(160)),
  limit: Limit,
});
export const WebhookDeliveriesPageDataSchema = Type.Object({
  deliveries: Type.Array(
    Type.Object({
      id: Type.String({ description: 'x-tessera-delivery-id: <eventId>.<endpointId>' }),
      eventId: Type.String(),
      type: Type.String(),
      appId: Type.String(),
      endpointId: Type.String(),
      state: Type.String({ description: 'pending, delivered or failed' }),
      attempts: Type.Integer(),
      createdAt: Type.String({ format: 'date-time' }),
      nextAttemptAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When a pending delivery is tried next' }),
      deliveredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      lastError: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the next (older) page; null on the last one' }),
});
