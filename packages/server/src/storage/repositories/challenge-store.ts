import type { Kysely, Selectable } from 'kysely';
import type { ChallengeKind, ChallengeStore, CodeChannel, MfaChallenge } from '../../domain/ports.js';
import type { Database, MfaChallengesTable } from '../schema.js';
import { fromJsonColumn, toJsonColumn, toNullableNumber, toNumber } from './json-column.js';

/** Consumed or expired challenges are kept this long, then swept. */
const SWEEP_AFTER_MS = 24 * 60 * 60 * 1000;

export function createSqlChallengeStore(db: Kysely<Database>): ChallengeStore {
  return {
    async insert(challenge) {
      await db.deleteFrom('mfa_challenges').where('expires_at', '<', challenge.createdAt - SWEEP_AFTER_MS).execute();
      await db
        .insertInto('mfa_challenges')
        .values({
          token_hash: challenge.tokenHash,
          kind: challenge.kind,
          user_id: challenge.userId,
          app_id: challenge.appId,
          amr: toJsonColumn(challenge.amr),
          scope: challenge.scope,
          attempts: challenge.attempts,
          code_channel: challenge.codeChannel,
          code_hash: challenge.codeHash,
          code_expires_at: challenge.codeExpiresAt,
          expires_at: challenge.expiresAt,
          consumed_at: null,
          created_at: challenge.createdAt,
        })
        .execute();
    },
    async findActive(tokenHash, appId, now) {
      const row = await db
        .selectFrom('mfa_challenges')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .where('app_id', '=', appId)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return row && toChallenge(row);
    },
    async reserveAttempt(tokenHash, appId, now, maxAttempts) {
      // One conditional UPDATE … RETURNING: the attempt is spent before the code is compared.
      const row = await db
        .updateTable('mfa_challenges')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('token_hash', '=', tokenHash)
        .where('app_id', '=', appId)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', now)
        .where('attempts', '<', maxAttempts)
        .returningAll()
        .executeTakeFirst();
      return row && toChallenge(row);
    },
    async setCode(tokenHash, code, now) {
      const result = await db
        .updateTable('mfa_challenges')
        .set({ code_channel: code.channel, code_hash: code.hash, code_expires_at: code.expiresAt })
        .where('token_hash', '=', tokenHash)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async clearCode(tokenHash, hash) {
      await db
        .updateTable('mfa_challenges')
        .set({ code_channel: null, code_hash: null, code_expires_at: null })
        .where('token_hash', '=', tokenHash)
        .where('code_hash', '=', hash)
        .execute();
    },
    async consume(tokenHash, now, codeHash) {
      let query = db
        .updateTable('mfa_challenges')
        .set({ consumed_at: now })
        .where('token_hash', '=', tokenHash)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', now);
      if (codeHash !== undefined) query = query.where('code_hash', '=', codeHash).where('code_expires_at', '>', now);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

function toChallenge(row: Selectable<MfaChallengesTable>): MfaChallenge {
  return {
    tokenHash: row.token_hash,
    kind: row.kind as ChallengeKind,
    userId: row.user_id,
    appId: row.app_id,
    amr: fromJsonColumn<string[]>(row.amr),
    scope: row.scope,
    attempts: toNumber(row.attempts),
    codeChannel: row.code_channel as CodeChannel | null,
    codeHash: row.code_hash,
    codeExpiresAt: toNullableNumber(row.code_expires_at),
    expiresAt: toNumber(row.expires_at),
    createdAt: toNumber(row.created_at),
  };
}
