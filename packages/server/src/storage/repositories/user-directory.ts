import type { Kysely } from 'kysely';
import type { UserDirectory } from '../../domain/ports.js';
import type { Database } from '../schema.js';
import { toJsonColumn } from './json-column.js';
import { isUniqueViolation } from './unique-violation.js';
import { toUserRecord } from './user-repository.js';

/** The operator's view of the users table: pages, changes, batch deletion. */
export function createUserDirectory(db: Kysely<Database>): UserDirectory {
  return {
    async list(query) {
      let filtered = db.selectFrom('users');
      if (query.emailKey !== undefined) filtered = filtered.where('email_key', '=', query.emailKey);
      if (query.usernameKey !== undefined) filtered = filtered.where('username_key', '=', query.usernameKey);
      if (query.phoneKey !== undefined) filtered = filtered.where('phone_key', '=', query.phoneKey);
      const [count, rows] = await Promise.all([
        filtered.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
        filtered.selectAll().orderBy('created_at').orderBy('id').offset(query.offset).limit(query.limit).execute(),
      ]);
      return { totalCount: Number(count.n), users: rows.map(toUserRecord) };
    },
    async update(userId, changes, at) {
      const values: Record<string, unknown> = { updated_at: at };
      if (changes.email) Object.assign(values, { email: changes.email.value, email_key: changes.email.key });
      if (changes.username) Object.assign(values, { username: changes.username.value, username_key: changes.username.key });
      if (changes.phone) Object.assign(values, { phone: changes.phone.value, phone_country_code: changes.phone.countryCode, phone_key: changes.phone.key });
      if (changes.externalId !== undefined) values.external_id = changes.externalId;
      if (changes.passwordHash !== undefined) values.password_hash = changes.passwordHash;
      if (changes.profile !== undefined) values.profile = toJsonColumn(changes.profile);
      try {
        await db.updateTable('users').set(values).where('id', '=', userId).execute();
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        return { conflict: await takenField(db, userId, changes) };
      }
      const row = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
      return { updated: row && toUserRecord(row) };
    },
    async deleteMany(userIds) {
      if (userIds.length === 0) return [];
      // Factors, sessions, challenges, enrollments and budgets go with the user (ON DELETE CASCADE).
      const rows = await db.deleteFrom('users').where('id', 'in', [...userIds]).returning('id').execute();
      return rows.map((row) => row.id);
    },
  };
}

async function takenField(db: Kysely<Database>, userId: string, changes: Parameters<UserDirectory['update']>[1]) {
  const heldByOther = async (column: 'email_key' | 'username_key' | 'phone_key' | 'external_id', value: string | null | undefined) =>
    value != null &&
    (await db.selectFrom('users').select('id').where(column, '=', value).where('id', '!=', userId).executeTakeFirst()) !== undefined;
  if (await heldByOther('email_key', changes.email?.key)) return 'email' as const;
  if (await heldByOther('phone_key', changes.phone?.key)) return 'phone' as const;
  if (await heldByOther('username_key', changes.username?.key)) return 'username' as const;
  return 'externalId' as const;
}
