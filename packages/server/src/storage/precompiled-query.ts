import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import { registerHotStatement } from './named-statements.js';

/**
 * A hot read built and compiled to SQL once (issue 14): Kysely otherwise builds, walks and compiles the
 * query tree on every call. The SQL text is kept and each call binds its own values, which must be the
 * builder's parameters in the order it emits them, so that order is checked, once, against sample values.
 * Compiled on first use, not when the store is made: a store made for one transaction (UnitOfWork) pays
 * only for what it runs. On SQLite the same text also hits the prepared-statement cache
 * (sqlite-statement-cache.ts); on PostgreSQL it is sent as a named prepared statement (named-statements.ts).
 */
export function precompile<Row, Values extends readonly unknown[]>(
  db: Kysely<any>,
  build: (...values: Values) => Compilable<Row>,
  sample: Values,
): (...values: Values) => Promise<Row[]> {
  let sql: string | undefined;
  const compile = (): string => {
    const compiled = build(...sample).compile();
    if (compiled.parameters.length !== sample.length || compiled.parameters.some((value, index) => value !== sample[index])) {
      throw new Error(`precompile: the query's parameters are not the given values in order: ${compiled.sql}`);
    }
    registerHotStatement(compiled.sql);
    return compiled.sql;
  };
  return async (...values) => (await db.executeQuery<Row>(CompiledQuery.raw((sql ??= compile()), [...values]))).rows;
}
