import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from src/, runs unchanged on SQLite and PostgreSQL.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('apps')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('secret_hash', 'varchar(128)', (c) => c.notNull())
    .addColumn('token_endpoint_auth_method', 'varchar(32)', (c) => c.notNull())
    .addColumn('enabled_factors', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('email', 'varchar(254)', (c) => c.unique())
    .addColumn('username', 'varchar(64)', (c) => c.unique())
    .addColumn('phone', 'varchar(32)')
    .addColumn('phone_country_code', 'varchar(8)')
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('logins_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_login_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_phone').on('users').column('phone').execute();

  await db.schema
    .createTable('factors')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text')
    .addColumn('last_totp_step', 'bigint')
    .addColumn('recovery_code_hash', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // One factor per type per user: list-factors-to-enroll is "enabled types minus bound types".
    .addUniqueConstraint('factors_user_type', ['user_id', 'type'])
    .execute();

  await db.schema
    .createTable('pending_enrollments')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('factor_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('factor_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text')
    .addColumn('code_hash', 'varchar(64)')
    .addColumn('recovery_code_hash', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('consumed_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pending_enrollments_expires_at').on('pending_enrollments').column('expires_at').execute();

  await db.schema
    .createTable('send_throttles')
    .addColumn('key', 'varchar(320)', (c) => c.primaryKey())
    .addColumn('free_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['send_throttles', 'pending_enrollments', 'factors', 'users', 'apps']) {
    await db.schema.dropTable(table).execute();
  }
}
