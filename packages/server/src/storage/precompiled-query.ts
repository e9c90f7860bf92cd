import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';
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

/**
 * A hot write (or any statement whose result counts rows) compiled to SQL once, on first use — repositories
 * are also built per transaction, and most of those never run most of their statements. Unlike
 * `precompile`, a value may appear in the SQL more than once and the builder may add constants of its own:
 * the query is compiled with two samples whose values all differ, and each parameter is mapped to the value
 * it came from, or kept as a constant when both compilations agree on it. A parameter that is neither (a
 * value the builder derived, like `allowance - 1`) is refused, as is SQL that changes with the values.
 */
export function precompileWrite<Row, Values extends readonly unknown[]>(
  db: Kysely<any>,
  build: (...values: Values) => Compilable<Row>,
  samples: readonly [Values, Values],
): (...values: Values) => Promise<QueryResult<Row>> {
  let compiled: { sql: string; bind: (values: Values) => unknown[] } | undefined;
  return async (...values) => {
    compiled ??= compileWithPlaceholders(build, samples);
    return db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, compiled.bind(values)));
  };
}

function compileWithPlaceholders<Row, Values extends readonly unknown[]>(
  build: (...values: Values) => Compilable<Row>,
  [first, second]: readonly [Values, Values],
): { sql: string; bind: (values: Values) => unknown[] } {
  const distinct = (values: readonly unknown[]) => new Set(values).size === values.length;
  if (first.length !== second.length || !distinct(first) || !distinct(second) || first.some((value, index) => value === second[index])) {
    throw new Error('precompileWrite: the two samples must have the same length and differ in every value');
  }
  const a = build(...first).compile();
  const b = build(...second).compile();
  if (a.sql !== b.sql || a.parameters.length !== b.parameters.length) {
    throw new Error(`precompileWrite: the SQL depends on the values: ${a.sql}`);
  }
  // For each parameter: the index of the value it binds, or -1 for a constant of the query itself.
  const sources = a.parameters.map((parameter, position) => {
    if (parameter === b.parameters[position]) return -1;
    const index = first.indexOf(parameter);
    if (index === -1 || second[index] !== b.parameters[position]) {
      throw new Error(`precompileWrite: parameter ${position + 1} is derived from the values, not one of them: ${a.sql}`);
    }
    return index;
  });
  const constants = a.parameters;
  return { sql: a.sql, bind: (values) => sources.map((index, position) => (index === -1 ? constants[position] : values[index])) };
}
