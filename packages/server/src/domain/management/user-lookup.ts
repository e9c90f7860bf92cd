import { createUserLookup as createLookupByIdType, isUserIdType, unsupportedUserIdType } from '../accounts/user-id-type.js';
import { TesseraError } from '../errors.js';
import type { UserRecord, UserRepository } from '../ports.js';

/** A user named the management API's way: `userId` read as `userIdType` (default user_id, spec §7). */
export interface UserReference {
  userId: string;
  userIdType?: string | null;
}

/**
 * The management API's reading of `userIdType` over the one look-up (domain/accounts/user-id-type.ts):
 * an unknown type (identity, sync_relation, custom_field…) is refused clearly, never a silent miss.
 */
export function createUserLookup(users: UserRepository) {
  const byIdType = createLookupByIdType(users);

  async function find(reference: UserReference): Promise<UserRecord | undefined> {
    const type = reference.userIdType ?? 'user_id';
    if (!isUserIdType(type)) throw unsupportedUserIdType(String(type).slice(0, 32));
    return byIdType.find(reference.userId, type);
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
