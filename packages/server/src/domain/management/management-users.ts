import { assertPasswordAcceptable, type AccountService } from '../accounts/account-service.js';
import { parseAccountIdentifiers } from '../accounts/account-identifiers.js';
import type { AuditTrail, RequestContext } from '../audit/audit-trail.js';
import { TesseraError } from '../errors.js';
import type { ImportedOtp } from '../migration/import-otp.js';
import { refusalError } from '../migration/import-otp.js';
import type { MigrationService } from '../migration/migration-service.js';
import type { Clock, PasswordHasher, Random, UserChanges, UserDirectory, UserRecord } from '../ports.js';
import type { UserLookup, UserReference } from './user-lookup.js';

/** Profile fields of GenAuth's CreateUserReqDto / UpdateUserReqDto that Tessera keeps (strings only). */
export const PROFILE_FIELDS = [
  'name', 'nickname', 'photo', 'gender', 'birthdate', 'country', 'province', 'city', 'address', 'streetAddress',
  'postalCode', 'company', 'givenName', 'familyName', 'middleName', 'profile', 'preferredUsername', 'website',
  'zoneinfo', 'locale', 'formatted', 'region',
] as const;

export interface UserInput {
  email?: string | null;
  phone?: string | null;
  phoneCountryCode?: string | null;
  username?: string | null;
  externalId?: string | null;
  password?: string | null;
  /** create-user only: an OTP brought from another system, bound without a proof of possession. */
  otp?: ImportedOtp;
  [field: string]: unknown;
}

/** The list-users filters Tessera serves: exact email, phone or username. */
export interface UserFilter {
  field: 'email' | 'phone' | 'username';
  value: string;
}

const MAX_PAGE_SIZE = 50;
const MAX_BATCH = 100;

/**
 * The user basics a management client needs around the MFA methods (issue 11): create, read, list,
 * change and delete users, with the checks sign-up applies (identifier keys, password length).
 */
export function createManagementUsers(deps: {
  clock: Clock;
  random: Random;
  accounts: AccountService;
  directory: UserDirectory;
  lookup: UserLookup;
  passwords: PasswordHasher;
  /** The import-otp use case (domain/migration): create-user with `otp` binds through it. */
  otpImport: Pick<MigrationService, 'checkOtp' | 'importOtpForUser'>;
  audit: AuditTrail;
}) {
  const pickProfile = (input: UserInput) =>
    Object.fromEntries(PROFILE_FIELDS.filter((field) => typeof input[field] === 'string').map((field) => [field, input[field] as string]));

  async function createUser(input: UserInput, context: RequestContext & { actor?: string }): Promise<UserRecord> {
    if (!input.email && !input.phone && !input.username && !input.externalId) {
      throw new TesseraError('VALIDATION_FAILED', { detail: 'Must contain one of the following fields: username, phone, email, externalId' });
    }
    // A bad OTP creates nobody: checked before the user exists.
    const refusal = input.otp ? deps.otpImport.checkOtp(input.otp) : undefined;
    if (refusal) throw refusalError(refusal);
    // No password given: the account signs in only once one is set (a random one nobody knows).
    const password = input.password ?? deps.random.bytes(32).toString('base64url');
    const user = await deps.accounts.createUser({
      email: input.email ?? null,
      username: input.username ?? null,
      externalId: input.externalId ?? null,
      password,
      profile: { ...pickProfile(input), phone: input.phone ?? null, phoneCountryCode: input.phoneCountryCode ?? null },
    });
    if (input.otp) await deps.otpImport.importOtpForUser(user.id, input.otp, { actor: context.actor, context });
    return user;
  }

  async function updateUser(reference: UserReference, input: UserInput): Promise<UserRecord> {
    const user = await deps.lookup.require(reference);
    const changes: UserChanges = {};
    if (input.email !== undefined || input.username !== undefined || input.phone !== undefined) {
      const parsed = parseAccountIdentifiers({
        email: input.email === undefined ? user.email : input.email,
        username: input.username === undefined ? user.username : input.username,
        phone: input.phone === undefined ? user.phone : input.phone,
        phoneCountryCode: input.phoneCountryCode ?? user.phoneCountryCode,
      });
      if (input.email !== undefined) changes.email = { value: parsed.email, key: parsed.keys.emailKey };
      if (input.username !== undefined) changes.username = { value: parsed.username, key: parsed.keys.usernameKey };
      if (input.phone !== undefined) {
        changes.phone = { value: parsed.phone?.phoneNumber ?? null, countryCode: parsed.phone?.phoneCountryCode ?? null, key: parsed.keys.phoneKey };
      }
    }
    if (input.externalId !== undefined) changes.externalId = input.externalId || null;
    if (typeof input.password === 'string') {
      assertPasswordAcceptable(input.password);
      changes.passwordHash = await deps.passwords.hash(input.password);
    }
    const profile = pickProfile(input);
    if (Object.keys(profile).length > 0) changes.profile = { ...user.profile, ...profile };
    const result = await deps.directory.update(user.id, changes, deps.clock.now());
    if ('conflict' in result) throw new TesseraError('USER_ALREADY_EXISTS', { field: result.conflict });
    if (!result.updated) throw new TesseraError('USER_NOT_FOUND');
    return result.updated;
  }

  async function listUsers(query: { page?: number; limit?: number; filters: readonly UserFilter[] }) {
    const page = query.page ?? 1;
    const limit = query.limit ?? 10;
    if (!Number.isInteger(page) || page < 1) throw new TesseraError('VALIDATION_FAILED', { detail: 'page must be an integer from 1' });
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new TesseraError('VALIDATION_FAILED', { detail: `limit must be an integer from 1 to ${MAX_PAGE_SIZE}` });
    }
    const keys: { emailKey?: string; usernameKey?: string; phoneKey?: string } = {};
    for (const filter of query.filters) {
      const parsed = parseAccountIdentifiers({ [filter.field]: filter.value });
      if (filter.field === 'email') keys.emailKey = parsed.keys.emailKey!;
      if (filter.field === 'username') keys.usernameKey = parsed.keys.usernameKey!;
      if (filter.field === 'phone') keys.phoneKey = parsed.keys.phoneKey!;
    }
    return deps.directory.list({ ...keys, offset: (page - 1) * limit, limit });
  }

  /** Deletes the named users (unknown ones are skipped); their factors and sessions go with them. */
  async function deleteUsers(userIds: readonly string[], userIdType: string | undefined, context: RequestContext) {
    if (userIds.length > MAX_BATCH) throw new TesseraError('VALIDATION_FAILED', { detail: `at most ${MAX_BATCH} userIds per call` });
    const found = await Promise.all(userIds.map((userId) => deps.lookup.find({ userId, userIdType })));
    const deleted = await deps.directory.deleteMany(found.flatMap((user) => (user ? [user.id] : [])));
    for (const userId of deleted) await deps.audit.record({ type: 'user.delete', userId, via: 'management', context });
    return { deleted };
  }

  return { createUser, updateUser, getUser: deps.lookup.require, listUsers, deleteUsers };
}

export type ManagementUsers = ReturnType<typeof createManagementUsers>;
