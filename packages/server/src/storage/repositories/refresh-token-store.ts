import type { Kysely, Selectable } from 'kysely';
import type { RefreshTokenRecord, RefreshTokenStore } from '../../domain/ports.js';
import type { Database, RefreshTokensTable } from '../schema.js';
import { toNullableNumber, toNumber } from './json-column.js';

/** Expired refresh tokens are kept this long (reuse of a just-expired one is still recognised), then swept. */
const SWEEP_AFTER_MS = 24 * 60 * 60 * 1000;

export function createSqlRefreshTokenStore(db: Kysely<Database>): RefreshTokenStore {
  /** Revokes the live tokens of one family or one session; answers how many. */
  async function revokeWhere(column: 'family_id' | 'session_id', value: string, now: number): Promise<number> {
    const result = await db.updateTable('refresh_tokens').set({ revoked_at: now }).where(column, '=', value).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  return {
    async insert(token) {
      await db.deleteFrom('refresh_tokens').where('expires_at', '<', token.createdAt - SWEEP_AFTER_MS).execute();
      await db
        .insertInto('refresh_tokens')
        .values({
          token_hash: token.tokenHash,
          family_id: token.familyId,
          session_id: token.sessionId,
          user_id: token.userId,
          app_id: token.appId,
          scope: token.scope,
          created_at: token.createdAt,
          expires_at: token.expiresAt,
          rotated_at: token.rotatedAt,
          revoked_at: token.revokedAt,
        })
        .execute();
    },
    async find(tokenHash) {
      const row = await db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row && toRecord(row);
    },
    async claimForRotation(tokenHash, appId, now) {
      const row = await db
        .updateTable('refresh_tokens')
        .set({ rotated_at: now })
        .where('token_hash', '=', tokenHash)
        .where('app_id', '=', appId)
        .where('rotated_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .returningAll()
        .executeTakeFirst();
      return row && toRecord(row);
    },
    revokeFamily: (familyId, now) => revokeWhere('family_id', familyId, now),
    revokeBySession: (sessionId, now) => revokeWhere('session_id', sessionId, now),
  };
}

function toRecord(row: Selectable<RefreshTokensTable>): RefreshTokenRecord {
  return {
    tokenHash: row.token_hash,
    familyId: row.family_id,
    sessionId: row.session_id,
    userId: row.user_id,
    appId: row.app_id,
    scope: row.scope,
    createdAt: toNumber(row.created_at),
    expiresAt: toNumber(row.expires_at),
    rotatedAt: toNullableNumber(row.rotated_at),
    revokedAt: toNullableNumber(row.revoked_at),
  };
}
