import type { ApplicationMfaDto, FactorType, MfaRequiredDataDto } from '@tessera/contract';
import type { FactorRecord } from '../ports.js';
import { maskEmail, maskPhoneNumber } from './masking.js';

/**
 * The `data` of a 1635/1636 answer (GetMfaInfoDataDto, spec §7): which factors can answer the challenge,
 * with the phone and email masked. `applicationMfa` lists every type the app offers, status 1 when the user
 * has it bound (so it can answer now), 0 otherwise.
 */
export function describeChallenge(input: { mfaToken: string; offered: readonly FactorType[]; usable: readonly FactorRecord[] }): MfaRequiredDataDto {
  const byType = new Map(input.usable.map((factor) => [factor.type, factor]));
  const sms = byType.get('SMS');
  const email = byType.get('EMAIL');
  const applicationMfa: ApplicationMfaDto[] = input.offered.map((type, index) => ({
    mfaPolicy: type,
    status: byType.has(type) ? 1 : 0,
    sort: index + 1,
  }));
  return {
    mfaToken: input.mfaToken,
    totpMfaEnabled: byType.has('OTP'),
    faceMfaEnabled: false,
    ...(sms?.profile.phoneNumber
      ? { mfaPhone: maskPhoneNumber(sms.profile.phoneNumber), mfaPhoneCountryCode: sms.profile.phoneCountryCode }
      : {}),
    ...(email?.profile.email ? { mfaEmail: maskEmail(email.profile.email) } : {}),
    applicationMfa,
  };
}
