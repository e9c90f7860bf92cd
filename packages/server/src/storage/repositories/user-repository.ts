import type { Kysely, Selectable } from 'kysely';
import type { UserRecord, UserRepository } from '../../domain/ports.js';
import type { Database, UsersTable } from '../schema.js';
import { fromJsonColumn, toJsonColumn, toNullableNumber, toNumber } from './json-column.js';
import { isUniqueViolation } from './unique-violation.js';

export function createUserRepository(db: Kysely<Database>): UserRepository {
  return {
    async findById(userId) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
      return row && toUserRecord(row);
    },
    async findByLogin(login) {
      let query = db.selectFrom('users').selectAll();
      if (login.email) query = query.where('email', '=', login.email);
      else if (login.username) query = query.where('username', '=', login.username);
      else if (login.phone) query = query.where('phone', '=', login.phone);
      else return undefined;
      const row = await query.executeTakeFirst();
      return row && toUserRecord(row);
    },
    async insert(user) {
      try {
        await db
          .insertInto('users')
          .values({
            id: user.id,
            email: user.email,
            username: user.username,
            phone: user.phone,
            phone_country_code: user.phoneCountryCode,
            password_hash: user.passwordHash,
            profile: toJsonColumn(user.profile),
            last_login_at: user.lastLoginAt,
            created_at: user.createdAt,
            updated_at: user.updatedAt,
          })
          .execute();
        return { inserted: true };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const byEmail = user.email
          ? await db.selectFrom('users').select('id').where('email', '=', user.email).executeTakeFirst()
          : undefined;
        return { inserted: false, conflict: byEmail ? 'email' : 'username' };
      }
    },
    async recordLogin(userId, at) {
      await db
        .updateTable('users')
        .set((eb) => ({ logins_count: eb('logins_count', '+', 1), last_login_at: at }))
        .where('id', '=', userId)
        .execute();
    },
  };
}

function toUserRecord(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    phone: row.phone,
    phoneCountryCode: row.phone_country_code,
    passwordHash: row.password_hash,
    profile: fromJsonColumn<Record<string, unknown>>(row.profile),
    loginsCount: toNumber(row.logins_count),
    lastLoginAt: toNullableNumber(row.last_login_at),
    createdAt: toNumber(row.created_at),
    updatedAt: toNumber(row.updated_at),
  };
}
