import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from src/, runs unchanged on SQLite and PostgreSQL.

export async function up(db: Kysely<any>): Promise<void> {
  // Whether sign-in asks for a second factor: 'off' | 'if-enrolled' | 'required'.
  await db.schema
    .alterTable('apps')
    .addColumn('mfa_policy', 'varchar(16)', (c) => c.notNull().defaultTo('if-enrolled'))
    .execute();

  // Every access token names a session (sid); its assurance can be raised by a later second factor.
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('amr', 'text', (c) => c.notNull())
    .addColumn('aal', 'varchar(8)', (c) => c.notNull())
    .addColumn('aal2_at', 'bigint')
    .addColumn('second_factor_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_expires_at').on('sessions').column('expires_at').execute();

  // A sign-in waiting for its second factor: the mfaToken's hash, never the token; the code's HMAC.
  await db.schema
    .createTable('mfa_challenges')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('amr', 'text', (c) => c.notNull())
    .addColumn('scope', 'varchar(256)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('code_channel', 'varchar(8)')
    .addColumn('code_hash', 'varchar(64)')
    .addColumn('code_expires_at', 'bigint')
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('consumed_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mfa_challenges_expires_at').on('mfa_challenges').column('expires_at').execute();

  // One budget of consecutive second-factor failures per account (RL-01…RL-04).
  await db.schema
    .createTable('failure_budgets')
    .addColumn('user_id', 'varchar(64)', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('allowance', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'bigint', (c) => c.notNull())
    .addColumn('admin_lock', 'integer', (c) => c.notNull())
    .addColumn('reserved_at', 'bigint', (c) => c.notNull())
    .execute();

  // Append-only audit trail; no foreign key, so it outlives the users it mentions.
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('type', 'varchar(32)', (c) => c.notNull())
    .addColumn('outcome', 'varchar(16)')
    .addColumn('user_id', 'varchar(64)')
    .addColumn('app_id', 'varchar(64)')
    .addColumn('factor_type', 'varchar(16)')
    .addColumn('via', 'varchar(16)')
    .addColumn('ip', 'varchar(64)')
    .addColumn('user_agent', 'varchar(256)')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('audit_events_user_id').on('audit_events').columns(['user_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['audit_events', 'failure_budgets', 'mfa_challenges', 'sessions']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('apps').dropColumn('mfa_policy').execute();
}
