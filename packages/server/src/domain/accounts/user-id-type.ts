import { TesseraError } from '../errors.js';
import type { UserRecord, UserRepository } from '../ports.js';
import { emailLoginKey, phoneLoginKey, usernameLoginKey } from './account-identifiers.js';

/**
 * How a management call names a user (spec §7 `userIdType`). GenAuth also has `identity`, `sync_relation`
 * and `custom_field`; Tessera keeps no such records, so those are refused by name rather than never matching.
 */
export const USER_ID_TYPES = ['user_id', 'email', 'phone', 'username', 'external_id'] as const;
export type UserIdType = (typeof USER_ID_TYPES)[number];

export function isUserIdType(value: unknown): value is UserIdType {
  return typeof value === 'string' && (USER_ID_TYPES as readonly string[]).includes(value);
}

/** The catalog error for a `userIdType` Tessera does not know. */
export function unsupportedUserIdType(value: unknown): TesseraError {
  return new TesseraError('VALIDATION_FAILED', { detail: `userIdType ${String(value)} is not supported; use one of ${USER_ID_TYPES.join(', ')}` });
}

/** Finds the user a (userId, userIdType) pair names, through the same canonical keys sign-in uses. */
export function createUserLookup(users: UserRepository) {
  return {
    async find(userId: string, userIdType: UserIdType = 'user_id'): Promise<UserRecord | undefined> {
      if (!userId) return undefined;
      switch (userIdType) {
        case 'user_id':
          return users.findById(userId);
        case 'external_id':
          return users.findByExternalId(userId);
        case 'email': {
          const key = emailLoginKey(userId);
          return key && users.findByLogin(key);
        }
        case 'phone': {
          const key = phoneLoginKey(userId);
          return key && users.findByLogin(key);
        }
        case 'username':
          return users.findByLogin(usernameLoginKey(userId));
      }
    },
  };
}

export type UserLookup = ReturnType<typeof createUserLookup>;
