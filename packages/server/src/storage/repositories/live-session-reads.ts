import type { Kysely, Selectable } from 'kysely';
import type { LiveSessionReads } from '../../domain/ports.js';
import type { Database, FactorsTable, SessionsTable } from '../schema.js';
import { precompile } from '../precompiled-query.js';
import { toFactorRecord } from './factor-repository.js';
import { SESSION_COLUMNS, toSessionRecord } from './session-store.js';

/** Named, not `*` (the reads are prepared statements, table-columns.ts): the session's columns… */
const SESSION_COLUMNS_OF_S = SESSION_COLUMNS.map((column) => `s.${column}` as const);

/** …and its user's factor's beside them, renamed where the two tables share a name. */
const JOINED_FACTOR_COLUMNS = [
  'f.id as factor_id',
  'f.type as factor_type',
  'f.profile as factor_profile',
  'f.secret_sealed as factor_secret_sealed',
  'f.last_totp_step as factor_last_totp_step',
  'f.recovery_code_hash as factor_recovery_code_hash',
  'f.created_at as factor_created_at',
] as const;

type JoinedRow = Selectable<SessionsTable> & {
  factor_id: string | null;
  factor_type: string | null;
  factor_profile: string | null;
  factor_secret_sealed: string | null;
  factor_last_totp_step: number | null;
  factor_recovery_code_hash: string | null;
  factor_created_at: number | null;
};

/**
 * The session check and the factor read of get-factor and list-enrolled-factors in one statement (issue 14:
 * one round trip per request): the live session left-joined to its user's factors. No row: the session is
 * not live or not the claims'; a row with no factor: the user has none (or not that one).
 */
export function createSqlLiveSessionReads(db: Kysely<Database>): LiveSessionReads {
  /** The live session of the claims, left-joined to its user's factors (to one, when `factorId` is given). */
  const liveSessionJoined = (factorId: string | undefined, sessionId: string, userId: string, appId: string, now: number) =>
    db
      .selectFrom('sessions as s')
      .leftJoin('factors as f', (join) => {
        const sameUser = join.onRef('f.user_id', '=', 's.user_id');
        return factorId === undefined ? sameUser : sameUser.on('f.id', '=', factorId);
      })
      .select(SESSION_COLUMNS_OF_S)
      .select(JOINED_FACTOR_COLUMNS)
      .where('s.id', '=', sessionId)
      .where('s.user_id', '=', userId)
      .where('s.app_id', '=', appId)
      .where('s.revoked_at', 'is', null)
      .where('s.expires_at', '>', now);
  // Compiled once (storage/precompiled-query.ts); the join's parameter comes first in the SQL text.
  const factorOf = precompile(
    db,
    (factorId: string, sessionId: string, userId: string, appId: string, now: number) => liveSessionJoined(factorId, sessionId, userId, appId, now),
    ['f', 's', 'u', 'a', 0],
  );
  const factorsOf = precompile(
    db,
    (sessionId: string, userId: string, appId: string, now: number) =>
      liveSessionJoined(undefined, sessionId, userId, appId, now).orderBy('f.created_at').orderBy('f.id'),
    ['s', 'u', 'a', 0],
  );
  return {
    async factorOf(claims, factorId, now) {
      const [row] = await factorOf(factorId, claims.sessionId, claims.userId, claims.appId, now);
      return row && { session: toSessionRecord(row), factor: factorIn(row) };
    },
    async factorsOf(claims, now) {
      const rows = await factorsOf(claims.sessionId, claims.userId, claims.appId, now);
      if (rows.length === 0) return undefined;
      return { session: toSessionRecord(rows[0]!), factors: rows.flatMap((row) => factorIn(row) ?? []) };
    },
  };
}

/** The factor a joined row carries, if any. */
function factorIn(row: JoinedRow) {
  if (row.factor_id === null) return undefined;
  const factor: Selectable<FactorsTable> = {
    id: row.factor_id,
    user_id: row.user_id,
    type: row.factor_type!,
    profile: row.factor_profile!,
    secret_sealed: row.factor_secret_sealed,
    last_totp_step: row.factor_last_totp_step,
    recovery_code_hash: row.factor_recovery_code_hash,
    created_at: row.factor_created_at!,
  };
  return toFactorRecord(factor);
}
