import type { GetSecurityInfoDto } from '@tessera/contract';
import { TesseraError } from '../errors.js';
import type { FactorRepository, UserRecord, UserRepository } from '../ports.js';
import type { Caller } from './caller.js';

/**
 * Level every password meets: Tessera keeps only its Argon2 hash and refuses short ones at sign-up, so it
 * reports the floor its policy guarantees ("medium"), never a guess from the hash.
 */
const ENFORCED_PASSWORD_LEVEL = 2;

/** The signed-in user's own profile and account security (the official SDK's getProfile, getSecurityLevel). */
export function createProfileReading(deps: { users: UserRepository; factors: FactorRepository }) {
  async function profile(caller: Caller): Promise<UserRecord> {
    const user = await deps.users.findById(caller.userId);
    if (!user) throw new TesseraError('USER_NOT_FOUND');
    return user;
  }

  /** securityScore: 20 for a password, 20 for an email, 20 for a phone, 40 for a bound second factor. */
  async function securityInfo(caller: Caller): Promise<GetSecurityInfoDto> {
    const user = await profile(caller);
    const mfaEnrolled = (await deps.factors.listByUser(user.id)).length > 0;
    const passwordSet = Boolean(user.passwordHash);
    const emailBinded = Boolean(user.email);
    const phoneBinded = Boolean(user.phone);
    const securityScore = (passwordSet ? 20 : 0) + (emailBinded ? 20 : 0) + (phoneBinded ? 20 : 0) + (mfaEnrolled ? 40 : 0);
    return { passwordSecurityLevel: passwordSet ? ENFORCED_PASSWORD_LEVEL : 1, mfaEnrolled, passwordSet, emailBinded, phoneBinded, securityScore };
  }

  return { profile, securityInfo };
}

export type ProfileReading = ReturnType<typeof createProfileReading>;
