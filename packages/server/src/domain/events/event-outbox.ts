import type { AuditEvent, Clock, EventOutbox, OutgoingEvent, WebhookEndpoint, WebhookEndpointStore } from '../ports.js';
import { eventData, eventTypesOf } from './event-mapping.js';

/**
 * Turns an audit line into outbox rows, one per subscribed endpoint of the line's application. Endpoints
 * are remembered for a few seconds per app: this runs on every verification.
 */
export function createEventOutbox(deps: { endpoints: WebhookEndpointStore; clock: Clock; cacheMs: number }): EventOutbox {
  const cache = new Map<string, { until: number; endpoints: WebhookEndpoint[] }>();

  async function endpointsOf(appId: string): Promise<WebhookEndpoint[]> {
    const now = deps.clock.now();
    const cached = cache.get(appId);
    if (cached && cached.until > now) return cached.endpoints;
    const endpoints = await deps.endpoints.listForApp(appId);
    cache.set(appId, { until: now + deps.cacheMs, endpoints });
    return endpoints;
  }

  return {
    async outgoingFor(event: AuditEvent): Promise<OutgoingEvent[]> {
      if (!event.appId) return [];
      const types = eventTypesOf(event);
      if (types.length === 0) return [];
      const endpoints = await endpointsOf(event.appId);
      const outgoing: OutgoingEvent[] = [];
      for (const type of types) {
        const subscribed = endpoints.filter((endpoint) => endpoint.events.includes(type));
        // Most applications subscribe to nothing: no payload is built for no one.
        if (subscribed.length === 0) continue;
        // The de-duplication id: the same on every retry and for every endpoint.
        const eventId = `${event.id}.${type}`;
        const payload = JSON.stringify({
          id: eventId,
          type,
          createdAt: new Date(event.at).toISOString(),
          appId: event.appId,
          data: eventData(event, type),
        });
        for (const endpoint of subscribed) {
          outgoing.push({ id: `${eventId}.${endpoint.id}`, eventId, endpointId: endpoint.id, appId: event.appId, type, payload, createdAt: event.at });
        }
      }
      return outgoing;
    },
  };
}
