import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * The one masking rule for contact addresses, wherever one is shown (a 1635 answer, the delivery log):
 * enough for the person to recognise it, not enough to contact them.
 */

/** 13800138000 → 138****8000 */
export function maskPhoneNumber(nationalNumber: string): string {
  if (nationalNumber.length <= 4) return '*'.repeat(nationalNumber.length);
  const head = nationalNumber.length >= 10 ? 3 : Math.max(0, nationalNumber.length - 7);
  const tail = 4;
  return `${nationalNumber.slice(0, head)}${'*'.repeat(nationalNumber.length - head - tail)}${nationalNumber.slice(-tail)}`;
}

/** +8613800138000 → +86138****8000: the country code stays, the national number is masked as above. */
export function maskE164(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return maskPhoneNumber(e164.replace(/^\+/, ''));
  return `+${parsed.countryCallingCode}${maskPhoneNumber(parsed.nationalNumber)}`;
}

/** alice@example.com → a***@example.com */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}
