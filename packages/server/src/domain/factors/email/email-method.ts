import { parseEmail } from '../../contact/contact-address.js';
import { maskEmail } from '../../contact/masking.js';
import { TesseraError } from '../../errors.js';
import type { CodeHasher, Random } from '../../ports.js';
import { AMR } from '../../sessions/assurance.js';
import type { FactorMethod } from '../factor-method.js';
import { createOutOfBandCodeMethod } from '../out-of-band-code.js';

/**
 * Codes by email to a bound address. Low assurance (security.md §6.3, OOB-08): NIST SP 800-63B-4
 * §3.1.3.1 does not accept email as an out-of-band authenticator, so password + email code stays aal1,
 * with amr [pwd, mail] and no `mfa`.
 */
export function createEmailMethod(deps: { random: Random; codeHasher: CodeHasher }): FactorMethod {
  return createOutOfBandCodeMethod(
    {
      name: 'EMAIL',
      channel: 'email',
      proves: { amr: AMR.email, aal: 'aal1' },
      parse(profile) {
        if (!profile.email) throw new TesseraError('INVALID_EMAIL');
        const email = parseEmail(profile.email);
        return { contact: { email }, to: email };
      },
      addressOf: (factor) => factor.profile.email,
      destinationOf(factor, named) {
        if (!named.email || !factor.profile.email) return undefined;
        try {
          return parseEmail(named.email).toLowerCase() === factor.profile.email.toLowerCase() ? factor.profile.email : undefined;
        } catch {
          return undefined;
        }
      },
      describeForChallenge: (factor) => (factor.profile.email ? { mfaEmail: maskEmail(factor.profile.email) } : {}),
    },
    deps,
  );
}
