import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { TesseraError } from '../errors.js';
import { canonicalText } from './canonical-form.js';

/** GenAuth's documented default country code for phoneNumber (spec §3, FactorProfile). */
export const DEFAULT_PHONE_COUNTRY_CODE = '+86';

export interface PhoneNumber {
  /** E.164, e.g. +8613800138000: where SMS goes and what throttles count. */
  e164: string;
  /** As GenAuth returns it: the national number and the country code apart. */
  phoneNumber: string;
  phoneCountryCode: string;
}

/** Validates and normalises a phone number given as national number + country code. */
export function parsePhoneNumber(phoneNumber: string, phoneCountryCode?: string | null): PhoneNumber {
  const countryCode = normaliseCountryCode(phoneCountryCode ?? DEFAULT_PHONE_COUNTRY_CODE);
  const digits = phoneNumber.replace(/[\s\-().]/g, '');
  if (!countryCode || !/^\+?\d{4,17}$/.test(digits)) throw new TesseraError('INVALID_PHONE_NUMBER');
  const candidate = digits.startsWith('+') ? digits : `${countryCode}${digits}`;
  const parsed = parsePhoneNumberFromString(candidate);
  if (!parsed || !parsed.isValid()) throw new TesseraError('INVALID_PHONE_NUMBER');
  return {
    e164: parsed.number,
    phoneNumber: parsed.nationalNumber,
    phoneCountryCode: `+${parsed.countryCallingCode}`,
  };
}

function normaliseCountryCode(input: string): string | undefined {
  const digits = input.trim().replace(/^\+/, '');
  return /^\d{1,4}$/.test(digits) ? `+${digits}` : undefined;
}

/**
 * A pragmatic address check (WHATWG's `input type=email` grammar), lower-cased domain. This is the form
 * codes are delivered to; match, count and deduplicate with `canonicalEmail`. Deliverability is proven by
 * the code itself.
 */
const EMAIL_PATTERN =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

export function parseEmail(input: string): string {
  const email = input.trim();
  if (email.length > 254 || !EMAIL_PATTERN.test(email)) throw new TesseraError('INVALID_EMAIL');
  const at = email.lastIndexOf('@');
  return `${email.slice(0, at)}@${email.slice(at + 1).toLowerCase()}`;
}

/**
 * The one key of an email address for matching, send caps and uniqueness: `Victim@`, `vIctim@` and
 * `victim@` are one person and one destination (issue 9, item 4). The local part is case-folded too:
 * RFC 5321 lets a server tell them apart, but no mail service in use does, and an attacker would.
 */
export function canonicalEmail(address: string): string {
  return canonicalText(address.trim());
}
