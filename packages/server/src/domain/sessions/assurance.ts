import type { AssuranceLevel } from '../ports.js';

/** What proved the second factor. A recovery code is a NIST look-up secret (SP 800-63B §3.1.2). */
export type SecondFactorMethod = 'OTP' | 'SMS' | 'EMAIL' | 'RECOVERY_CODE';

/** RFC 8176 Authentication Method Reference values. */
export const AMR = { password: 'pwd', otp: 'otp', sms: 'sms', email: 'mail', multiFactor: 'mfa' } as const;

const METHOD_AMR: Record<SecondFactorMethod, string> = {
  OTP: AMR.otp,
  SMS: AMR.sms,
  EMAIL: AMR.email,
  RECOVERY_CODE: AMR.otp,
};

/**
 * Security.md §6.3 and OOB-08: an email code is low assurance (NIST SP 800-63B-4 §3.1.3.1 does not accept
 * email as an out-of-band authenticator), so password + email code stays aal1 with amr [pwd, mail] and no
 * `mfa`. OTP, SMS (restricted, §6.4) and recovery codes reach aal2.
 */
export function reachesAal2(method: SecondFactorMethod): boolean {
  return method !== 'EMAIL';
}

/** The amr after proving `method` on top of `amr`: the method added once, and `mfa` when aal2 is reached. */
export function amrAfter(amr: readonly string[], method: SecondFactorMethod): string[] {
  const next = [...amr];
  const value = METHOD_AMR[method];
  if (!next.includes(value)) next.push(value);
  if (reachesAal2(method) && !next.includes(AMR.multiFactor)) next.push(AMR.multiFactor);
  return next;
}

export function aalAfter(current: AssuranceLevel, method: SecondFactorMethod): AssuranceLevel {
  return current === 'aal2' || reachesAal2(method) ? 'aal2' : 'aal1';
}
