import type { Kysely, Selectable } from 'kysely';
import type { EventType, OutboxRow, OutboxState, OutgoingEvent, WebhookEndpoint, WebhookEndpointStore, WebhookOutboxStore } from '../../domain/ports.js';
import type { Database, WebhookEndpointsTable, WebhookOutboxTable } from '../schema.js';
import { fromJsonColumn, toJsonColumn, toNumber } from './json-column.js';

export function createSqlWebhookEndpointStore(db: Kysely<Database>): WebhookEndpointStore {
  return {
    async add(endpoint) {
      await db
        .insertInto('webhook_endpoints')
        .values({
          id: endpoint.id,
          app_id: endpoint.appId,
          url: endpoint.url,
          events: toJsonColumn(endpoint.events),
          secret_sealed: endpoint.secretSealed,
          created_at: endpoint.createdAt,
        })
        .execute();
    },
    async listForApp(appId) {
      const rows = await db.selectFrom('webhook_endpoints').selectAll().where('app_id', '=', appId).orderBy('created_at').execute();
      return rows.map(toEndpoint);
    },
    async find(id) {
      const row = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toEndpoint(row) : undefined;
    },
    async remove(appId, id) {
      const result = await db.deleteFrom('webhook_endpoints').where('app_id', '=', appId).where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}

/** Outbox rows, written in the caller's transaction (the audit line's). */
export async function insertOutgoingEvents(db: Kysely<Database>, events: readonly OutgoingEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('webhook_outbox')
    .values(
      events.map((event) => ({
        id: event.id,
        event_id: event.eventId,
        endpoint_id: event.endpointId,
        app_id: event.appId,
        event_type: event.type,
        payload: event.payload,
        created_at: event.createdAt,
        state: 'pending',
        next_attempt_at: event.createdAt,
      })),
    )
    .execute();
}

export function createSqlWebhookOutboxStore(db: Kysely<Database>): WebhookOutboxStore {
  return {
    async claimDue(now, leaseMs, limit) {
      // Candidates first, then one conditional UPDATE each: of two instances racing for a row, one wins.
      const due = await db
        .selectFrom('webhook_outbox')
        .select('id')
        .where('state', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .where('lease_until', '<=', now)
        .orderBy('next_attempt_at')
        .limit(limit)
        .execute();
      const claimed: OutboxRow[] = [];
      for (const { id } of due) {
        const row = await db
          .updateTable('webhook_outbox')
          .set({ lease_until: now + leaseMs })
          .where('id', '=', id)
          .where('state', '=', 'pending')
          .where('lease_until', '<=', now)
          .returningAll()
          .executeTakeFirst();
        if (row) claimed.push(toOutboxRow(row));
      }
      return claimed;
    },
    async markDelivered(id, now) {
      await db.updateTable('webhook_outbox').set({ state: 'delivered', delivered_at: now, lease_until: 0, last_error: null }).where('id', '=', id).execute();
    },
    async markAttemptFailed(id, attempts, nextAttemptAt, error, giveUp) {
      await db
        .updateTable('webhook_outbox')
        .set({ state: giveUp ? 'failed' : 'pending', attempts, next_attempt_at: nextAttemptAt, last_error: error.slice(0, 500), lease_until: 0 })
        .where('id', '=', id)
        .execute();
    },
    async prune(before, limit) {
      const old = db.selectFrom('webhook_outbox').select('id').where('state', '!=', 'pending').where('created_at', '<', before).limit(limit);
      const result = await db.deleteFrom('webhook_outbox').where('id', 'in', old).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async list({ appId, state, before, limit }) {
      let query = db.selectFrom('webhook_outbox').selectAll();
      if (appId) query = query.where('app_id', '=', appId);
      if (state) query = query.where('state', '=', state);
      if (before) {
        // Keyset paging in the list's order (created_at, id descending): the rows after the cursor's row.
        const cursorAt = db.selectFrom('webhook_outbox').select('created_at').where('id', '=', before);
        query = query.where((eb) => eb.or([eb('created_at', '<', cursorAt), eb.and([eb('created_at', '=', cursorAt), eb('id', '<', before)])]));
      }
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toOutboxRow);
    },
  };
}

function toEndpoint(row: Selectable<WebhookEndpointsTable>): WebhookEndpoint {
  return {
    id: row.id,
    appId: row.app_id,
    url: row.url,
    events: fromJsonColumn<EventType[]>(row.events),
    secretSealed: row.secret_sealed,
    createdAt: toNumber(row.created_at),
  };
}

function toOutboxRow(row: Selectable<WebhookOutboxTable>): OutboxRow {
  return {
    id: row.id,
    eventId: row.event_id,
    endpointId: row.endpoint_id,
    appId: row.app_id,
    type: row.event_type as EventType,
    payload: row.payload,
    createdAt: toNumber(row.created_at),
    state: row.state as OutboxState,
    attempts: Number(row.attempts),
    nextAttemptAt: toNumber(row.next_attempt_at),
    lastError: row.last_error,
    deliveredAt: row.delivered_at === null ? null : toNumber(row.delivered_at),
  };
}
