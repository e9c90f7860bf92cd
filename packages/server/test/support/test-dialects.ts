/**
 * Which databases this run tests on: `TESSERA_TEST_DIALECTS`, a comma list of `sqlite`, `postgres` and
 * `redis` (unset or empty: all three, as CI runs). The storage conformance suites run once per selected
 * implementation, suites that need a server that is not selected are skipped, and the HTTP suites run on
 * each selected SQL dialect (vitest.config.ts turns that into one project per dialect). So
 * `TESSERA_TEST_DIALECTS=sqlite npm test` needs neither PostgreSQL nor Redis, and opens no connection to
 * either (kysely style: the same suites for every dialect, narrowed by an environment variable).
 *
 * vitest.config.ts imports this file, so it must not import vitest's test API or anything from src/.
 */
export const TEST_DIALECTS = ['sqlite', 'postgres', 'redis'] as const;
export type TestDialect = (typeof TEST_DIALECTS)[number];

/** Parses a TESSERA_TEST_DIALECTS value; an unknown name is an error, not a silent skip of everything. */
export function parseTestDialects(value: string | undefined): readonly TestDialect[] {
  const names = (value ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 0) return TEST_DIALECTS;
  for (const name of names) {
    if (!(TEST_DIALECTS as readonly string[]).includes(name)) {
      throw new Error(`TESSERA_TEST_DIALECTS: unknown dialect "${name}" (expected a comma list of ${TEST_DIALECTS.join(', ')})`);
    }
  }
  // Kept in the canonical order, so suite names and project order do not depend on how the list was typed.
  return TEST_DIALECTS.filter((dialect) => names.includes(dialect));
}

/** The dialects this run selected. */
export const SELECTED_DIALECTS: readonly TestDialect[] = parseTestDialects(process.env.TESSERA_TEST_DIALECTS);

export function isDialectSelected(dialect: TestDialect): boolean {
  return SELECTED_DIALECTS.includes(dialect);
}

/** Keeps the entries of a per-implementation table (`[name, …]`) whose name is a selected dialect. */
export function onSelectedDialects<Row extends readonly [TestDialect, ...unknown[]]>(rows: readonly Row[]): Row[] {
  return rows.filter(([dialect]) => isDialectSelected(dialect));
}

/** Why a suite is skipped, for its title: e.g. "needs postgres, redis (TESSERA_TEST_DIALECTS=sqlite)". */
export function missingDialects(...needed: TestDialect[]): TestDialect[] {
  return needed.filter((dialect) => !isDialectSelected(dialect));
}

/**
 * The SQL database the servers of this vitest project run on (vitest.config.ts sets TESSERA_TEST_DATABASE
 * per project): suites that start their own deployments use it, so each project tests one database.
 */
export const SERVER_DIALECT: 'sqlite' | 'postgres' = process.env.TESSERA_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
