import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from src/, runs unchanged on SQLite and PostgreSQL.

export async function up(db: Kysely<any>): Promise<void> {
  // Evaluations reserved and not yet settled: a success refills the budget only by what they cannot use.
  await db.schema.alterTable('failure_budgets').addColumn('in_flight', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('failure_budgets').dropColumn('in_flight').execute();
}
