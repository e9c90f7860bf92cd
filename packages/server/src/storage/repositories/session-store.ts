import type { Kysely, Selectable } from 'kysely';
import type { AssuranceLevel, SessionRecord, SessionStore } from '../../domain/ports.js';
import type { Database, SessionsTable } from '../schema.js';
import { precompile, precompileWrite } from '../precompiled-query.js';
import { tableColumns } from '../table-columns.js';
import { fromJsonColumn, toJsonColumn, toNullableNumber, toNumber } from './json-column.js';

/** Named, not `*`: the hot reads of sessions are prepared statements (table-columns.ts). */
export const SESSION_COLUMNS = tableColumns<SessionsTable>()(
  'id',
  'user_id',
  'app_id',
  'amr',
  'aal',
  'aal2_at',
  'second_factor_at',
  'created_at',
  'expires_at',
  'last_used_at',
  'revoked_at',
);

/** Expired sessions are kept this long (to answer "revoked" clearly in logs), then swept. */
const SWEEP_AFTER_MS = 24 * 60 * 60 * 1000;

export function createSqlSessionStore(db: Kysely<Database>): SessionStore {
  // Read on every authenticated request: compiled once (storage/precompiled-query.ts).
  const findLive = precompile(
    db,
    (sessionId: string, now: number) => db.selectFrom('sessions').select(SESSION_COLUMNS).where('id', '=', sessionId).where('revoked_at', 'is', null).where('expires_at', '>', now),
    ['s', 0],
  );
  // Written by every successful step-up: compiled once, with and without the raise to aal2.
  const recordSecondFactor = (raiseToAal2: boolean) =>
    precompileWrite(
      db,
      (sessionId: string, amr: string, at: number) =>
        db
          .updateTable('sessions')
          .set({
            amr,
            second_factor_at: at,
            // Raised to aal2, never lowered from aal3.
            ...(raiseToAal2 ? { aal: (eb) => eb.case().when('aal', '=', 'aal1').then('aal2').else(eb.ref('aal')).end(), aal2_at: at } : {}),
          })
          .where('id', '=', sessionId)
          .where('revoked_at', 'is', null),
      [
        ['s1', '["a1"]', -101],
        ['s2', '["a2"]', -201],
      ],
    );
  const recordSecondFactorAtAal2 = recordSecondFactor(true);
  const recordSecondFactorOnly = recordSecondFactor(false);
  return {
    async insert(session) {
      await db.deleteFrom('sessions').where('expires_at', '<', session.createdAt - SWEEP_AFTER_MS).execute();
      await db
        .insertInto('sessions')
        .values({
          id: session.id,
          user_id: session.userId,
          app_id: session.appId,
          amr: toJsonColumn(session.amr),
          aal: session.aal,
          aal2_at: session.aal2At,
          second_factor_at: session.secondFactorAt,
          created_at: session.createdAt,
          expires_at: session.expiresAt,
          last_used_at: session.lastUsedAt,
          revoked_at: session.revokedAt,
        })
        .execute();
    },
    async findLive(sessionId, now) {
      const [row] = await findLive(sessionId, now);
      return row && toSessionRecord(row);
    },
    async recordSecondFactor(sessionId, proof) {
      await (proof.aal2 ? recordSecondFactorAtAal2 : recordSecondFactorOnly)(sessionId, toJsonColumn(proof.amr), proof.at);
    },
    async touch(sessionId, at) {
      await db.updateTable('sessions').set({ last_used_at: at }).where('id', '=', sessionId).where('last_used_at', '<', at).execute();
    },
    async lapseElevation(sessionId) {
      await db.updateTable('sessions').set({ aal: 'aal1', aal2_at: null, second_factor_at: null }).where('id', '=', sessionId).execute();
    },
    async revoke(sessionId, now) {
      const result = await db.updateTable('sessions').set({ revoked_at: now }).where('id', '=', sessionId).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async revokeOthers(userId, keepSessionId, now) {
      let query = db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null);
      if (keepSessionId) query = query.where('id', '!=', keepSessionId);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async listLive(userId, now) {
      const rows = await db
        .selectFrom('sessions')
        .selectAll()
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map(toSessionRecord);
    },
    async revokeOne(userId, sessionId, now) {
      const result = await db
        .updateTable('sessions')
        .set({ revoked_at: now })
        .where('id', '=', sessionId)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}

export function toSessionRecord(row: Selectable<SessionsTable>): SessionRecord {
  return {
    id: row.id,
    userId: row.user_id,
    appId: row.app_id,
    amr: fromJsonColumn<string[]>(row.amr),
    aal: row.aal as AssuranceLevel,
    aal2At: toNullableNumber(row.aal2_at),
    secondFactorAt: toNullableNumber(row.second_factor_at),
    createdAt: toNumber(row.created_at),
    expiresAt: toNumber(row.expires_at),
    lastUsedAt: toNumber(row.last_used_at),
    revokedAt: toNullableNumber(row.revoked_at),
  };
}
