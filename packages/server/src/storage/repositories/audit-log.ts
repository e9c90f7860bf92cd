import type { Insertable, Kysely, Selectable } from 'kysely';
import type { FactorType } from '@tessera/contract';
import type { AuditEvent, AuditEventType, AuditLog, AuditOutcome } from '../../domain/ports.js';
import type { AuditEventsTable, Database } from '../schema.js';
import { fromJsonColumn, toJsonColumn, toNumber } from './json-column.js';
import { insertOutgoingEvents } from './webhooks.js';
import { precompileWrite } from '../precompiled-query.js';

/** Append-only: this repository has no update and no delete. Ids sort in the order events happened. */
export function createSqlAuditLog(db: Kysely<Database>): AuditLog {
  // One insert per verification, sign-in and enrollment: compiled once (storage/precompiled-query.ts).
  const insertRow = precompileWrite(
    db,
    (...values: unknown[]) => db.insertInto('audit_events').values(Object.fromEntries(AUDIT_COLUMNS.map((column, index) => [column, values[index]])) as AuditEventRow),
    [AUDIT_COLUMNS.map((column): unknown => `${column}-1`), AUDIT_COLUMNS.map((column): unknown => `${column}-2`)],
  );
  return {
    async append(event, outgoing = []) {
      // The event and the webhook deliveries it raised commit together: a crash never keeps one without the other.
      if (outgoing.length === 0) {
        const row = toAuditEventRow(event);
        await insertRow(...AUDIT_COLUMNS.map((column) => row[column] ?? null));
        return;
      }
      const work = async (trx: Kysely<Database>) => {
        await insertAuditEvent(trx, event);
        await insertOutgoingEvents(trx, outgoing);
      };
      await (db.isTransaction ? work(db) : db.transaction().execute(work));
    },
    async list({ userId, limit }) {
      let query = db.selectFrom('audit_events').selectAll();
      if (userId) query = query.where('user_id', '=', userId);
      // The newest `limit`, returned oldest first.
      const rows = await query.orderBy('id', 'desc').limit(limit).execute();
      return rows.reverse().map(toAuditEvent);
    },
    async query({ userId, type, from, to, after, limit }) {
      let query = db.selectFrom('audit_events').selectAll();
      if (userId !== undefined) query = query.where('user_id', '=', userId);
      if (type !== undefined) query = query.where('type', '=', type);
      if (from !== undefined) query = query.where('at', '>=', from);
      if (to !== undefined) query = query.where('at', '<', to);
      if (after !== undefined) query = query.where('id', '>', after);
      const rows = await query.orderBy('id').limit(limit).execute();
      return rows.map(toAuditEvent);
    },
  };
}

type AuditEventRow = Insertable<AuditEventsTable>;
const AUDIT_COLUMNS = ['id', 'at', 'type', 'outcome', 'user_id', 'app_id', 'factor_type', 'via', 'ip', 'user_agent', 'detail'] as const;

function toAuditEventRow(event: AuditEvent): AuditEventRow {
  return {
    id: event.id,
    at: event.at,
    type: event.type,
    outcome: event.outcome,
    user_id: event.userId,
    app_id: event.appId,
    factor_type: event.factorType,
    via: event.via,
    ip: event.ip?.slice(0, 64) ?? null,
    user_agent: event.userAgent?.slice(0, 256) ?? null,
    detail: event.detail ? toJsonColumn(event.detail) : null,
  };
}

async function insertAuditEvent(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  await db.insertInto('audit_events').values(toAuditEventRow(event)).execute();
}

function toAuditEvent(row: Selectable<AuditEventsTable>): AuditEvent {
  return {
    id: row.id,
    at: toNumber(row.at),
    type: row.type as AuditEventType,
    outcome: row.outcome as AuditOutcome,
    userId: row.user_id,
    appId: row.app_id,
    factorType: row.factor_type as FactorType | null,
    via: row.via,
    ip: row.ip,
    userAgent: row.user_agent,
    detail: row.detail ? fromJsonColumn<Record<string, unknown>>(row.detail) : null,
  };
}
