import { emailLoginKey, phoneLoginKey, usernameLoginKey } from '../accounts/account-identifiers.js';
import { TesseraError } from '../errors.js';
import type { UserDirectory, UserRecord, UserRepository } from '../ports.js';

/** The `userIdType` values Tessera serves (spec §7); identity, sync_relation and custom_field are refused. */
export const USER_ID_TYPES = ['user_id', 'email', 'phone', 'username', 'external_id'] as const;
export type UserIdType = (typeof USER_ID_TYPES)[number];

/** A user named the management API's way: `userId` read as `userIdType` (default user_id). */
export interface UserReference {
  userId: string;
  userIdType?: string | null;
}

/** Finds users by any supported userIdType: one rule for every management endpoint. */
export function createUserLookup(deps: { users: UserRepository; directory: UserDirectory }) {
  async function find(reference: UserReference): Promise<UserRecord | undefined> {
    const type = reference.userIdType ?? 'user_id';
    const value = reference.userId;
    switch (type) {
      case 'user_id':
        return deps.users.findById(value);
      case 'external_id':
        return deps.directory.findByExternalId(value);
      case 'email': {
        const key = emailLoginKey(value);
        return key && deps.users.findByLogin(key);
      }
      case 'phone': {
        const key = phoneLoginKey(value);
        return key && deps.users.findByLogin(key);
      }
      case 'username':
        return deps.users.findByLogin(usernameLoginKey(value));
      default:
        throw new TesseraError('USER_ID_TYPE_UNSUPPORTED', { userIdType: String(type).slice(0, 32) });
    }
  }

  /** The user, or USER_NOT_FOUND. */
  async function require(reference: UserReference): Promise<UserRecord> {
    const user = await find(reference);
    if (!user) throw new TesseraError('USER_NOT_FOUND');
    return user;
  }

  return { find, require };
}

export type UserLookup = ReturnType<typeof createUserLookup>;
