import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { nameHotStatements } from './named-statements.js';
import type { Database } from './schema.js';

/** pg's OID for BIGINT (int8). */
const INT8_OID = 20;

/** A connection attempt that takes longer than this fails (and the request answers 503) instead of hanging. */
const CONNECT_TIMEOUT_MS = 5_000;

export interface PostgresOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  poolSize: number;
  /** Told about connection errors that happen outside a query (an idle connection dropped by the server). */
  onConnectionError?: (error: Error) => void;
}

/**
 * The scale-out store: a pool per instance, all instances on one database. Times and steps are BIGINT;
 * they are epoch milliseconds and fit a double, so int8 is parsed to a number here, for this pool only.
 */
export function openPostgres(options: PostgresOptions): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  const report = options.onConnectionError ?? (() => undefined);
  // An idle pooled connection that the server drops emits 'error' on the pool; a connection checked out
  // between two statements emits it on the client. Unheard, either would crash the process; the query that
  // next uses the connection fails instead, and that failure is what answers 503.
  pool.on('error', report);
  pool.on('connect', (client) => {
    client.on('error', report);
    nameHotStatements(client);
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
