import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from src/, runs unchanged on SQLite and PostgreSQL.

/**
 * Issue 11: a user's id in the system it came from (GenAuth's `externalId`, management `userIdType=external_id`,
 * `tessera import users`). Unique when present: it names one account. Kept as given: ids are not typed by people.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('external_id', 'varchar(255)').execute();
  await db.schema.createIndex('users_unique_external_id').unique().on('users').column('external_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('users_unique_external_id').execute();
  await db.schema.alterTable('users').dropColumn('external_id').execute();
}
