import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from src/, runs unchanged on SQLite and PostgreSQL.

export async function up(db: Kysely<any>): Promise<void> {
  // Every passkey of a user hangs from the user's one PASSKEY factor row: resetting it removes them all.
  await db.schema
    .createTable('passkey_credentials')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('factor_id', 'varchar(64)', (c) => c.notNull().references('factors.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('credential_id', 'varchar(1400)', (c) => c.notNull().unique())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('counter', 'bigint', (c) => c.notNull())
    .addColumn('transports', 'text', (c) => c.notNull())
    .addColumn('backed_up', 'integer', (c) => c.notNull())
    .addColumn('device_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('authenticator_code', 'varchar(16)')
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('rp_id', 'varchar(253)', (c) => c.notNull())
    .addColumn('counter_regressions', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('flagged_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .execute();
  await db.schema.createIndex('passkey_credentials_user').on('passkey_credentials').column('user_id').execute();

  // The WebAuthn user handle: random, never an email, one per user.
  await db.schema
    .createTable('webauthn_user_handles')
    .addColumn('user_id', 'varchar(64)', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('handle', 'varchar(128)', (c) => c.notNull().unique())
    .execute();

  // Challenges live in the shared database, so any instance can finish a ceremony another one began.
  await db.schema
    .createTable('webauthn_challenges')
    .addColumn('ticket_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('ceremony', 'varchar(16)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(64)', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('challenge', 'varchar(128)', (c) => c.notNull())
    .addColumn('mfa_token_hash', 'varchar(64)')
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('consumed_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webauthn_challenges_expires_at').on('webauthn_challenges').column('expires_at').execute();

  await db.schema
    .createTable('webauthn_app_settings')
    .addColumn('app_id', 'varchar(64)', (c) => c.primaryKey().references('apps.id').onDelete('cascade'))
    .addColumn('rp_id', 'varchar(253)')
    .addColumn('origins', 'text')
    .addColumn('attestation', 'varchar(16)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['webauthn_app_settings', 'webauthn_challenges', 'webauthn_user_handles', 'passkey_credentials']) {
    await db.schema.dropTable(table).execute();
  }
}
