import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from src/, runs unchanged on SQLite and PostgreSQL.

export async function up(db: Kysely<any>): Promise<void> {
  // KEY-03: a value sealed with the deployment's keyring at first start. An instance whose keyring cannot
  // open it refuses to start, instead of serving 500s (or "wrong code") on every stored secret. One row,
  // whose id names what it is; more kinds of check could be added as rows.
  await db.schema
    .createTable('keyring_canary')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('keyring_canary').execute();
}
