import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from src/, runs unchanged on SQLite and PostgreSQL.

export async function up(db: Kysely<any>): Promise<void> {
  // When the session was last used: its second-factor elevation lapses after an idle time (AZ-06).
  await db.schema.alterTable('sessions').addColumn('last_used_at', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('last_used_at').execute();
}
