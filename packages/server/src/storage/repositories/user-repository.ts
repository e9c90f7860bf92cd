import type { Kysely, Selectable } from 'kysely';
import type { UserRecord, UserRepository } from '../../domain/ports.js';
import type { Database, UsersTable } from '../schema.js';
import { fromJsonColumn, toJsonColumn, toNullableNumber, toNumber } from './json-column.js';
import { isUniqueViolation } from './unique-violation.js';

export function createUserRepository(db: Kysely<Database>): UserRepository {
  /** Which key another account holds (email, then phone, then username). */
  async function takenField(keys: { emailKey: string | null; usernameKey: string | null; phoneKey: string | null }) {
    const holds = async (column: 'email_key' | 'username_key' | 'phone_key', key: string | null) =>
      key !== null && (await db.selectFrom('users').select('id').where(column, '=', key).executeTakeFirst()) !== undefined;
    if (await holds('email_key', keys.emailKey)) return 'email' as const;
    if (await holds('phone_key', keys.phoneKey)) return 'phone' as const;
    if (await holds('username_key', keys.usernameKey)) return 'username' as const;
    return 'externalId' as const;
  }

  return {
    async findById(userId) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
      return row && toUserRecord(row);
    },
    async findByLogin(login) {
      let query = db.selectFrom('users').selectAll();
      if ('emailKey' in login) query = query.where('email_key', '=', login.emailKey);
      else if ('usernameKey' in login) query = query.where('username_key', '=', login.usernameKey);
      else query = query.where('phone_key', '=', login.phoneKey);
      const row = await query.executeTakeFirst();
      return row && toUserRecord(row);
    },
    async insert(user, keys) {
      try {
        await db
          .insertInto('users')
          .values({
            id: user.id,
            email: user.email,
            username: user.username,
            phone: user.phone,
            phone_country_code: user.phoneCountryCode,
            email_key: keys.emailKey,
            username_key: keys.usernameKey,
            phone_key: keys.phoneKey,
            external_id: user.externalId ?? null,
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
        return { inserted: false, conflict: await takenField(keys) };
      }
    },
    async findByExternalId(externalId) {
      const row = await db.selectFrom('users').selectAll().where('external_id', '=', externalId).executeTakeFirst();
      return row && toUserRecord(row);
    },
    async replacePasswordHash(userId, expectedHash, nextHash) {
      const result = await db
        .updateTable('users')
        .set({ password_hash: nextHash })
        .where('id', '=', userId)
        .where('password_hash', '=', expectedHash)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
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

export function toUserRecord(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    phone: row.phone,
    phoneCountryCode: row.phone_country_code,
    externalId: row.external_id,
    passwordHash: row.password_hash,
    profile: fromJsonColumn<Record<string, unknown>>(row.profile),
    loginsCount: toNumber(row.logins_count),
    lastLoginAt: toNullableNumber(row.last_login_at),
    createdAt: toNumber(row.created_at),
    updatedAt: toNumber(row.updated_at),
  };
}
