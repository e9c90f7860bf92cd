import type { AuditTrail, RequestContext } from '../audit/audit-trail.js';
import { isUserIdType, type UserIdType, type UserLookup } from '../accounts/user-id-type.js';
import { generateId } from '../codes/one-time-codes.js';
import { TesseraError } from '../errors.js';
import { formatRecoveryCode } from '../factors/recovery-code/recovery-codes.js';
import { TOTP_DIGITS, TOTP_PERIOD_SECONDS } from '../factors/otp/totp.js';
import type { Clock, FactorRecord, FactorRepository, PasswordHasher, Random, SecretBox, UnitOfWork } from '../ports.js';
import { decodeImportedSecret } from './otp-secret.js';

/** One call imports at most this many entries (issue 11): a bounded transaction and a bounded answer. */
export const MAX_OTP_IMPORT_ENTRIES = 1000;

/** Why one entry was not imported: a closed set, so callers (the management API, the CLI) can count them. */
export const OTP_IMPORT_REFUSALS = [
  'invalid-entry',
  'unsupported-user-id-type',
  'invalid-secret',
  'unsupported-otp-parameters',
  'invalid-recovery-code',
  'unknown-user',
  'already-bound',
] as const;
export type OtpImportRefusal = (typeof OTP_IMPORT_REFUSALS)[number];

/** An OTP as another system holds it (GenAuth's `{secret, recoveryCode?}`, plus what other exports carry). */
export interface ImportedOtp {
  /** Base32. */
  secret: string;
  /** A GenAuth-shaped recovery code (24 hex characters, any grouping); none leaves the user without one until regenerated. */
  recoveryCode?: string | null;
  /** Only Tessera's parameters can be served: SHA1, 6 digits, 30 s (spec §11.5); anything else is refused. */
  algorithm?: string | null;
  digits?: number | null;
  period?: number | null;
}

export interface OtpImportEntry {
  userId: string;
  /** Overrides the call's `userIdType` for this entry. */
  userIdType?: string | null;
  otp: ImportedOtp;
}

export type OtpImportResult =
  | { index: number; userId: string; imported: true; factorId: string }
  | { index: number; userId: string; imported: false; reason: OtpImportRefusal };

export interface OtpImportReport {
  imported: number;
  refused: number;
  /** One per entry, in the order given. */
  results: OtpImportResult[];
}

export interface OtpImportOptions {
  /** How entries name their user; default `user_id` (spec §7). */
  userIdType?: string | null;
  /** Who imports, for the audit trail: an access key id, `cli`… never a credential. */
  actor?: string;
  context: RequestContext;
}

/**
 * Migration in (issue 11): binds TOTP secrets from another system to existing users without a proof of
 * possession — the user already has the secret in an authenticator app. Each entry succeeds or fails on its
 * own, with a reason from a closed set; the imported factors of one call are written in one transaction
 * (each a whole row, or none when the call fails); secrets are sealed with the keyring like enrolled ones,
 * recovery codes argon2-hashed; every import is audited. Used by the management API (`import-otp`,
 * `create-user` with `otp`) and by `tessera import users`.
 */
export function createOtpImport(deps: {
  clock: Clock;
  random: Random;
  users: UserLookup;
  factors: FactorRepository;
  unitOfWork: UnitOfWork;
  secretBox: SecretBox;
  /** The recovery-code lane of the argon2 hashers: imports are hashed one at a time, never flooding it. */
  recoveryCodeHasher: PasswordHasher;
  audit: AuditTrail;
}) {
  /** The cheap checks of an OTP (no user, no hashing): why it cannot be imported, or undefined. */
  function checkOtp(otp: unknown): OtpImportRefusal | undefined {
    if (!otp || typeof otp !== 'object') return 'invalid-entry';
    const { secret, recoveryCode, algorithm, digits, period } = otp as ImportedOtp;
    if (!decodeImportedSecret(secret)) return 'invalid-secret';
    if (algorithm != null && !/^(hmac)?-?sha-?1$/i.test(String(algorithm))) return 'unsupported-otp-parameters';
    if (digits != null && Number(digits) !== TOTP_DIGITS) return 'unsupported-otp-parameters';
    if (period != null && Number(period) !== TOTP_PERIOD_SECONDS) return 'unsupported-otp-parameters';
    if (recoveryCode != null && recoveryCode !== '' && (typeof recoveryCode !== 'string' || !formatRecoveryCode(recoveryCode))) {
      return 'invalid-recovery-code';
    }
    return undefined;
  }

  /** The factor row for a checked OTP: sealed to its own id, its recovery code hashed. */
  async function toFactor(userId: string, otp: ImportedOtp): Promise<FactorRecord> {
    const id = generateId(deps.random);
    const recoveryCode = otp.recoveryCode ? formatRecoveryCode(otp.recoveryCode) : undefined;
    return {
      id,
      userId,
      type: 'OTP',
      profile: {},
      secretSealed: deps.secretBox.seal(decodeImportedSecret(otp.secret)!, id),
      lastTotpStep: null,
      recoveryCodeHash: recoveryCode ? await deps.recoveryCodeHasher.hash(recoveryCode) : null,
      createdAt: deps.clock.now(),
    };
  }

  async function audit(factor: FactorRecord, options: Pick<OtpImportOptions, 'actor' | 'context'>) {
    await deps.audit.record({
      type: 'factor.enroll',
      outcome: 'ok',
      userId: factor.userId,
      factorType: 'OTP',
      via: 'import',
      context: options.context,
      detail: { factorId: factor.id, importedBy: options.actor ?? null },
    });
  }

  /** `import-otp`: up to MAX_OTP_IMPORT_ENTRIES entries, one result each. */
  async function importOtp(entries: readonly OtpImportEntry[], options: OtpImportOptions): Promise<OtpImportReport> {
    if (!Array.isArray(entries) || entries.length === 0 || entries.length > MAX_OTP_IMPORT_ENTRIES) {
      throw new TesseraError('VALIDATION_FAILED', { detail: `list must hold 1 to ${MAX_OTP_IMPORT_ENTRIES} entries` });
    }
    const callIdType = options.userIdType ?? 'user_id';
    const results: OtpImportResult[] = new Array(entries.length);
    const ready: { index: number; factor: FactorRecord }[] = [];
    for (const [index, entry] of entries.entries()) {
      const userId = typeof entry?.userId === 'string' ? entry.userId : '';
      const refuse = (reason: OtpImportRefusal) => void (results[index] = { index, userId, imported: false, reason });
      const idType = entry?.userIdType ?? callIdType;
      if (!userId) refuse('invalid-entry');
      else if (!isUserIdType(idType)) refuse('unsupported-user-id-type');
      else {
        const refusal = checkOtp(entry.otp);
        if (refusal) refuse(refusal);
        else {
          const user = await deps.users.find(userId, idType as UserIdType);
          // Checked here too so a bound user costs no hashing; the insert below decides under concurrency.
          if (!user) refuse('unknown-user');
          else if (await deps.factors.findByType(user.id, 'OTP')) refuse('already-bound');
          else ready.push({ index, factor: await toFactor(user.id, entry.otp) });
        }
      }
    }
    const bound = await deps.unitOfWork.run(async ({ factors }) => {
      const inserted: FactorRecord[] = [];
      for (const { index, factor } of ready) {
        const userId = entries[index]!.userId;
        if (await factors.insertUnlessTypeBound(factor)) {
          inserted.push(factor);
          results[index] = { index, userId, imported: true, factorId: factor.id };
        } else {
          // A factor bound since the check, or this user twice in one list.
          results[index] = { index, userId, imported: false, reason: 'already-bound' };
        }
      }
      return inserted;
    });
    for (const factor of bound) await audit(factor, options);
    return { imported: bound.length, refused: entries.length - bound.length, results };
  }

  /**
   * `create-user` with `otp`: binds one imported OTP to a user just created. Check the OTP with `checkOtp`
   * before creating the user, so a bad secret creates nobody; a refusal here throws the catalog error.
   */
  async function importOtpForUser(userId: string, otp: ImportedOtp, options: Pick<OtpImportOptions, 'actor' | 'context'>) {
    const refusal = checkOtp(otp);
    if (refusal) throw refusalError(refusal);
    const factor = await toFactor(userId, otp);
    if (!(await deps.factors.insertUnlessTypeBound(factor))) throw refusalError('already-bound');
    await audit(factor, options);
    return { factorId: factor.id };
  }

  return {
    importOtp,
    importOtpForUser,
    checkOtp,
    /** For an import that writes the user too: the factor row of a checked OTP, and its audit entry. */
    prepareFactor: toFactor,
    auditImported: audit,
  };
}

export type OtpImport = ReturnType<typeof createOtpImport>;

/** The catalog error that tells one refusal, for surfaces that import a single OTP. */
export function refusalError(reason: OtpImportRefusal): TesseraError {
  switch (reason) {
    case 'already-bound':
      return new TesseraError('FACTOR_ALREADY_BOUND', { factorType: 'OTP' });
    case 'unknown-user':
      return new TesseraError('USER_NOT_FOUND');
    case 'invalid-secret':
      return new TesseraError('VALIDATION_FAILED', { detail: 'otp.secret must be base32 of 10 to 64 bytes' });
    case 'invalid-recovery-code':
      return new TesseraError('VALIDATION_FAILED', { detail: 'otp.recoveryCode must be 24 hexadecimal characters' });
    case 'unsupported-otp-parameters':
      return new TesseraError('VALIDATION_FAILED', { detail: 'only SHA1, 6-digit, 30-second TOTP can be imported' });
    default:
      return new TesseraError('VALIDATION_FAILED', { detail: reason });
  }
}
