import type { AuditTrail } from '../audit/audit-trail.js';
import { createUserLookup } from '../accounts/user-id-type.js';
import type { Clock, FactorRepository, PasswordHasher, Random, SecretBox, UnitOfWork, UserRepository } from '../ports.js';
import { createOtpImport } from './import-otp.js';
import { createUserImport } from './import-users.js';

/** Migration in (issue 11): what the management API and `tessera import` share. */
export function createMigrationService(deps: {
  clock: Clock;
  random: Random;
  users: UserRepository;
  factors: FactorRepository;
  unitOfWork: UnitOfWork;
  secretBox: SecretBox;
  recoveryCodeHasher: PasswordHasher;
  audit: AuditTrail;
}) {
  const otp = createOtpImport({ ...deps, users: createUserLookup(deps.users) });
  return {
    /** `import-otp`: up to 1,000 entries, one result each (domain/migration/import-otp.ts). */
    importOtp: otp.importOtp,
    /** `create-user` with `otp`: binds one imported OTP to a user just created. */
    importOtpForUser: otp.importOtpForUser,
    /** Why an OTP cannot be imported (checked before creating its user), or undefined. */
    checkOtp: otp.checkOtp,
    /** `tessera import users`: one user with its password hash and OTP, written whole, resumable. */
    importUser: createUserImport({ ...deps, otp }).importUser,
  };
}

export type MigrationService = ReturnType<typeof createMigrationService>;
