import { parsePhoneNumber } from '../../contact/contact-address.js';
import { maskPhoneNumber } from '../../contact/masking.js';
import { TesseraError } from '../../errors.js';
import type { CodeHasher, Random } from '../../ports.js';
import { AMR } from '../../sessions/assurance.js';
import type { FactorMethod } from '../factor-method.js';
import { createOutOfBandCodeMethod } from '../out-of-band-code.js';

/**
 * Codes by SMS to a bound phone number. A restricted authenticator (SP 800-63B §3.1.3.3, security.md §6.4)
 * that still reaches aal2.
 */
export function createSmsMethod(deps: { random: Random; codeHasher: CodeHasher }): FactorMethod {
  return createOutOfBandCodeMethod(
    {
      name: 'SMS',
      channel: 'sms',
      proves: { amr: AMR.sms, aal: 'aal2' },
      parse(profile) {
        if (!profile.phoneNumber) throw new TesseraError('INVALID_PHONE_NUMBER');
        const phone = parsePhoneNumber(profile.phoneNumber, profile.phoneCountryCode);
        return { contact: { phoneNumber: phone.phoneNumber, phoneCountryCode: phone.phoneCountryCode }, to: phone.e164 };
      },
      addressOf(factor) {
        if (!factor.profile.phoneNumber) return undefined;
        return parsePhoneNumber(factor.profile.phoneNumber, factor.profile.phoneCountryCode).e164;
      },
      destinationOf(factor, named) {
        if (!named.phoneNumber || !factor.profile.phoneNumber) return undefined;
        try {
          const bound = parsePhoneNumber(factor.profile.phoneNumber, factor.profile.phoneCountryCode);
          // A national number is read in the bound factor's country.
          const given = parsePhoneNumber(named.phoneNumber, named.phoneCountryCode ?? factor.profile.phoneCountryCode);
          return given.e164 === bound.e164 ? bound.e164 : undefined;
        } catch {
          return undefined;
        }
      },
      describeForChallenge: (factor) =>
        factor.profile.phoneNumber
          ? { mfaPhone: maskPhoneNumber(factor.profile.phoneNumber), mfaPhoneCountryCode: factor.profile.phoneCountryCode }
          : {},
    },
    deps,
  );
}
