import type { Kysely, Selectable } from 'kysely';
import type { AuthorizationCodeRecord, AuthorizationCodeStore } from '../../domain/ports.js';
import type { AuthorizationCodesTable, Database } from '../schema.js';
import { toNullableNumber, toNumber } from './json-column.js';

/** Expired codes are kept this long (reuse of a just-expired one is still recognised), then swept. */
const SWEEP_AFTER_MS = 60 * 60 * 1000;

export function createSqlAuthorizationCodeStore(db: Kysely<Database>): AuthorizationCodeStore {
  return {
    async insert(code) {
      await db.deleteFrom('authorization_codes').where('expires_at', '<', code.createdAt - SWEEP_AFTER_MS).execute();
      await db
        .insertInto('authorization_codes')
        .values({
          code_hash: code.codeHash,
          app_id: code.appId,
          user_id: code.userId,
          session_id: code.sessionId,
          redirect_uri: code.redirectUri,
          scope: code.scope,
          nonce: code.nonce,
          code_challenge: code.codeChallenge,
          created_at: code.createdAt,
          expires_at: code.expiresAt,
          consumed_at: code.consumedAt,
        })
        .execute();
    },
    async consume(codeHash, appId, now) {
      const row = await db
        .updateTable('authorization_codes')
        .set({ consumed_at: now })
        .where('code_hash', '=', codeHash)
        .where('app_id', '=', appId)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', now)
        .returningAll()
        .executeTakeFirst();
      return row && toRecord(row);
    },
    async find(codeHash) {
      const row = await db.selectFrom('authorization_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
      return row && toRecord(row);
    },
  };
}

function toRecord(row: Selectable<AuthorizationCodesTable>): AuthorizationCodeRecord {
  return {
    codeHash: row.code_hash,
    appId: row.app_id,
    userId: row.user_id,
    sessionId: row.session_id,
    redirectUri: row.redirect_uri,
    scope: row.scope,
    nonce: row.nonce,
    codeChallenge: row.code_challenge,
    createdAt: toNumber(row.created_at),
    expiresAt: toNumber(row.expires_at),
    consumedAt: toNullableNumber(row.consumed_at),
  };
}
