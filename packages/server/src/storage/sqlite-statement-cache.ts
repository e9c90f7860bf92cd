import type SqliteDatabase from 'better-sqlite3';

/** Distinct SQL texts kept prepared; the queries Tessera issues number a few dozen. */
const MAX_CACHED_STATEMENTS = 500;

/**
 * Kysely prepares every query anew; preparing is a fifth of a simple request's CPU. better-sqlite3 runs a
 * statement synchronously to completion, so one prepared statement per SQL text can be reused safely, and
 * SQLite re-prepares it by itself after a schema change.
 */
export function cachePreparedStatements(database: SqliteDatabase.Database): void {
  const prepare = database.prepare.bind(database);
  const cache = new Map<string, SqliteDatabase.Statement>();
  database.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      if (cache.size >= MAX_CACHED_STATEMENTS) cache.clear();
      statement = prepare(source);
      cache.set(source, statement);
    }
    return statement;
  }) as typeof database.prepare;
}
