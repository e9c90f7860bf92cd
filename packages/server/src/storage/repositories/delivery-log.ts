import type { Kysely, Selectable } from 'kysely';
import type { CodeChannel, CodePurpose, DeliveryLog, DeliveryOutcome, DeliveryRecord } from '../../domain/ports.js';
import type { Database, DeliveryLogTable } from '../schema.js';
import { toNumber } from './json-column.js';

/** The delivery log: append-only rows, read newest first by the CLI. */
export function createSqlDeliveryLog(db: Kysely<Database>): DeliveryLog {
  return {
    async append(record) {
      await db
        .insertInto('delivery_log')
        .values({
          id: record.id,
          user_id: record.userId,
          channel: record.channel,
          purpose: record.purpose,
          masked_destination: record.maskedDestination,
          client_ip: record.clientIp,
          provider: record.provider,
          outcome: record.outcome,
          reason: record.reason,
          created_at: record.createdAt,
        })
        .execute();
    },
    async list(query) {
      let select = db.selectFrom('delivery_log').selectAll();
      if (query.userId) select = select.where('user_id', '=', query.userId);
      const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
      return rows.map(toRecord);
    },
  };
}

function toRecord(row: Selectable<DeliveryLogTable>): DeliveryRecord {
  return {
    id: row.id,
    userId: row.user_id,
    channel: row.channel as CodeChannel,
    purpose: row.purpose as CodePurpose,
    maskedDestination: row.masked_destination,
    clientIp: row.client_ip,
    provider: row.provider,
    outcome: row.outcome as DeliveryOutcome,
    reason: row.reason,
    createdAt: toNumber(row.created_at),
  };
}
