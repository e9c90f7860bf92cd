import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from src/, runs unchanged on SQLite and PostgreSQL.

export async function up(db: Kysely<any>): Promise<void> {
  // Send caps (OOB-05): one row per counted key, its window opening at the key's first event.
  await db.schema
    .createTable('rate_counters')
    .addColumn('key', 'varchar(320)', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('resets_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_counters_resets_at').on('rate_counters').column('resets_at').execute();

  // Who was sent what, when, through which provider, and how it ended. Never the code.
  await db.schema
    .createTable('delivery_log')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('channel', 'varchar(8)', (c) => c.notNull())
    .addColumn('purpose', 'varchar(32)', (c) => c.notNull())
    .addColumn('masked_destination', 'varchar(320)', (c) => c.notNull())
    .addColumn('client_ip', 'varchar(64)', (c) => c.notNull())
    .addColumn('provider', 'varchar(32)')
    .addColumn('outcome', 'varchar(16)', (c) => c.notNull())
    .addColumn('reason', 'varchar(300)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('delivery_log_created_at').on('delivery_log').column('created_at').execute();
  await db.schema.createIndex('delivery_log_user_created_at').on('delivery_log').columns(['user_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['delivery_log', 'rate_counters']) {
    await db.schema.dropTable(table).execute();
  }
}
