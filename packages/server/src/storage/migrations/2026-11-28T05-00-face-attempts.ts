import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from src/, runs unchanged on SQLite and PostgreSQL.

export async function up(db: Kysely<any>): Promise<void> {
  // Consecutive failed face comparisons per face factor (BIO-02); gone with the factor.
  await db.schema
    .createTable('face_attempts')
    .addColumn('factor_id', 'varchar(64)', (c) => c.primaryKey().references('factors.id').onDelete('cascade'))
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_attempt_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('face_attempts').execute();
}
