import type { RequestContext } from '../audit/audit-trail.js';
import { newUserRecord, parseAccountIdentifiers, type IdentifierKeys } from '../accounts/account-identifiers.js';
import { generateId } from '../codes/one-time-codes.js';
import { isTesseraError } from '../errors.js';
import type { Clock, FactorRecord, Random, UnitOfWork, UserRecord, UserRepository } from '../ports.js';
import type { ImportedOtp, OtpImport, OtpImportRefusal } from './import-otp.js';
import { importedPasswordHashKind, NO_PASSWORD } from './imported-password-hash.js';

/** One user as `tessera import users` reads it (one JSON object per line; docs/migration.md). */
export interface UserImportRecord {
  /** The user's id in the system it comes from: what makes a re-run find it again. */
  externalId?: string;
  email?: string;
  phone?: string;
  /** With a national `phone`; default +86 as GenAuth's. */
  phoneCountryCode?: string;
  username?: string;
  /** bcrypt ($2a$/$2b$/$2y$) or Argon2 PHC; verified at sign-in, then replaced by Tessera's argon2id. */
  passwordHash?: string;
  /** Display fields kept in the profile (strings only). */
  name?: string;
  nickname?: string;
  otp?: ImportedOtp;
}

/** Why a user was not imported: a closed set, counted in the import's summary. */
export const USER_IMPORT_REFUSALS = [
  'invalid-record',
  'no-identifier',
  'invalid-email',
  'invalid-phone',
  'invalid-username',
  'unsupported-password-hash',
  'identifier-taken',
] as const;
export type UserImportRefusal = (typeof USER_IMPORT_REFUSALS)[number] | Exclude<OtpImportRefusal, 'unknown-user' | 'unsupported-user-id-type' | 'already-bound'>;

export type UserImportOutcome =
  | { outcome: 'created'; userId: string }
  /** The user was there (an earlier run); only its OTP was missing. */
  | { outcome: 'otp-added'; userId: string }
  /** Already done by an earlier run: nothing written. */
  | { outcome: 'skipped'; userId: string }
  | { outcome: 'refused'; reason: UserImportRefusal };

const IDENTIFIER_ERRORS: Record<string, UserImportRefusal> = {
  INVALID_EMAIL: 'invalid-email',
  INVALID_PHONE_NUMBER: 'invalid-phone',
  INVALID_USERNAME: 'invalid-username',
};

class IdentifierTaken extends Error {}

/**
 * `tessera import users` (issue 11): one user at a time, each written whole — the user and its OTP factor
 * in one transaction — or refused with a reason. Resumable without a state file: a user already in the
 * database (by external id, else by email, phone or username) is skipped, or only gets its missing OTP, so
 * re-running a file after an interruption finishes it.
 */
export function createUserImport(deps: { clock: Clock; random: Random; users: UserRepository; unitOfWork: UnitOfWork; otp: OtpImport }) {
  async function existingUser(record: UserImportRecord, keys: IdentifierKeys): Promise<UserRecord | undefined> {
    if (record.externalId) return deps.users.findByExternalId(record.externalId);
    if (keys.emailKey) return deps.users.findByLogin({ emailKey: keys.emailKey });
    if (keys.phoneKey) return deps.users.findByLogin({ phoneKey: keys.phoneKey });
    if (keys.usernameKey) return deps.users.findByLogin({ usernameKey: keys.usernameKey });
    return undefined;
  }

  async function isAnyTaken(keys: IdentifierKeys): Promise<boolean> {
    const lookups = [
      keys.emailKey && deps.users.findByLogin({ emailKey: keys.emailKey }),
      keys.phoneKey && deps.users.findByLogin({ phoneKey: keys.phoneKey }),
      keys.usernameKey && deps.users.findByLogin({ usernameKey: keys.usernameKey }),
    ];
    return (await Promise.all(lookups)).some(Boolean);
  }

  async function importUser(input: unknown, options: { actor?: string; context: RequestContext }): Promise<UserImportOutcome> {
    const refused = (reason: UserImportRefusal): UserImportOutcome => ({ outcome: 'refused', reason });
    const record = normaliseRecord(input);
    if (!record) return refused('invalid-record');
    if (!record.externalId && !record.email && !record.phone && !record.username) return refused('no-identifier');
    let identifiers: ReturnType<typeof parseAccountIdentifiers>;
    try {
      identifiers = parseAccountIdentifiers(record);
    } catch (error) {
      const reason = isTesseraError(error) ? IDENTIFIER_ERRORS[error.code] : undefined;
      if (!reason) throw error;
      return refused(reason);
    }
    if (record.passwordHash !== undefined && !importedPasswordHashKind(record.passwordHash)) return refused('unsupported-password-hash');
    if (record.otp !== undefined) {
      const refusal = deps.otp.checkOtp(record.otp);
      if (refusal) return refused(refusal as UserImportRefusal);
    }

    const existing = await existingUser(record, identifiers.keys);
    if (existing) {
      if (!record.otp) return { outcome: 'skipped', userId: existing.id };
      const factor = await deps.otp.prepareFactor(existing.id, record.otp);
      if (!(await bindIfFree(factor))) return { outcome: 'skipped', userId: existing.id };
      await deps.otp.auditImported(factor, options);
      return { outcome: 'otp-added', userId: existing.id };
    }
    if (await isAnyTaken(identifiers.keys)) return refused('identifier-taken');

    const user = newUserRecord({
      id: generateId(deps.random),
      identifiers,
      passwordHash: record.passwordHash ?? NO_PASSWORD,
      profile: Object.fromEntries(Object.entries({ name: record.name, nickname: record.nickname }).filter(([, value]) => value)),
      externalId: record.externalId ?? null,
      now: deps.clock.now(),
    });
    const factor = record.otp ? await deps.otp.prepareFactor(user.id, record.otp) : undefined;
    try {
      await deps.unitOfWork.run(async ({ users, factors }) => {
        if (!(await users.insert(user, identifiers.keys)).inserted) throw new IdentifierTaken();
        if (factor) await factors.insertUnlessTypeBound(factor);
      });
    } catch (error) {
      // Another writer took an identifier since the check (PostgreSQL aborts the transaction on it).
      if (error instanceof IdentifierTaken || (await isAnyTaken(identifiers.keys)) || (record.externalId && (await deps.users.findByExternalId(record.externalId)))) {
        return refused('identifier-taken');
      }
      throw error;
    }
    if (factor) await deps.otp.auditImported(factor, options);
    return { outcome: 'created', userId: user.id };
  }

  async function bindIfFree(factor: FactorRecord): Promise<boolean> {
    return deps.unitOfWork.run(({ factors }) => factors.insertUnlessTypeBound(factor));
  }

  return { importUser };
}

export type UserImport = ReturnType<typeof createUserImport>;

const TEXT_FIELDS = ['externalId', 'email', 'phone', 'phoneCountryCode', 'username', 'passwordHash', 'name', 'nickname'] as const;

/** The record with its text fields checked and `null`s (as exports write absent values) dropped. */
function normaliseRecord(input: unknown): UserImportRecord | undefined {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return undefined;
  const fields = input as Record<string, unknown>;
  const record: Record<string, unknown> = {};
  for (const field of TEXT_FIELDS) {
    const value = fields[field];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string' || value.length > 1024) return undefined;
    record[field] = value;
  }
  if (fields.otp !== undefined && fields.otp !== null) record.otp = fields.otp;
  return record as UserImportRecord;
}
