import { canonicalText, hasInvisibleOrControlCharacters } from '../contact/canonical-form.js';
import { canonicalEmail, parseEmail, parsePhoneNumber } from '../contact/contact-address.js';
import { TesseraError } from '../errors.js';
import type { UserRecord } from '../ports.js';

/**
 * The identifiers a user signs in with, and the one key per identifier that uniqueness and look-up use
 * (issue 9, item 6). Stored values keep what the user typed; the keys are what the database makes unique:
 * - email: NFKC + case-folded (`Alice@` and `alice@` are one account);
 * - username: NFKC + case-folded (`alice`, `ALICE` and full-width `ａｌｉｃｅ` are one account); never
 *   an email or a phone, so `account` sign-in cannot be pointed at somebody else's address;
 * - phone: E.164 (`13800138000` with +86 and `+8613800138000` are one account).
 */

export const MAX_USERNAME_LENGTH = 64;

export interface AccountIdentifiers {
  email: string | null;
  username: string | null;
  phone: { phoneNumber: string; phoneCountryCode: string } | null;
  keys: IdentifierKeys;
}

/** What the users table makes unique, one column each. */
export interface IdentifierKeys {
  emailKey: string | null;
  usernameKey: string | null;
  phoneKey: string | null;
}

/** Validates the identifiers of a new account and computes their keys; throws a catalog error. */
export function parseAccountIdentifiers(input: {
  email?: string | null;
  username?: string | null;
  phone?: string | null;
  phoneCountryCode?: string | null;
}): AccountIdentifiers {
  const email = input.email ? parseEmail(input.email) : null;
  const username = input.username?.trim() ? parseUsername(input.username) : null;
  const phone = input.phone?.trim() ? parsePhoneNumber(input.phone, input.phoneCountryCode) : null;
  return {
    email,
    username: username?.username ?? null,
    phone: phone && { phoneNumber: phone.phoneNumber, phoneCountryCode: phone.phoneCountryCode },
    keys: { emailKey: email && canonicalEmail(email), usernameKey: username?.key ?? null, phoneKey: phone?.e164 ?? null },
  };
}

/** A new account's record from its parsed identifiers: every surface that creates users builds it here. */
export function newUserRecord(input: {
  id: string;
  identifiers: AccountIdentifiers;
  passwordHash: string;
  profile: Record<string, unknown>;
  externalId: string | null;
  now: number;
}): UserRecord {
  const { identifiers } = input;
  return {
    id: input.id,
    email: identifiers.email,
    username: identifiers.username,
    phone: identifiers.phone?.phoneNumber ?? null,
    phoneCountryCode: identifiers.phone?.phoneCountryCode ?? null,
    externalId: input.externalId,
    passwordHash: input.passwordHash,
    profile: input.profile,
    loginsCount: 0,
    lastLoginAt: null,
    createdAt: input.now,
    updatedAt: input.now,
  };
}

function parseUsername(input: string): { username: string; key: string } {
  const username = input.trim();
  // Invisible, control and bidi characters make two names look alike, or one look like another.
  if (hasInvisibleOrControlCharacters(username)) throw new TesseraError('INVALID_USERNAME');
  const key = canonicalText(username);
  // NFKC can lengthen a name (one ligature, several letters): the bound holds for the key as well.
  if ([...username].length > MAX_USERNAME_LENGTH || [...key].length > MAX_USERNAME_LENGTH) throw new TesseraError('INVALID_USERNAME');
  if (key.includes('@') || looksLikePhoneNumber(key)) throw new TesseraError('INVALID_USERNAME');
  return { username, key };
}

/** Digits with the usual phone punctuation only: a username like that could pass for someone's number. */
function looksLikePhoneNumber(text: string): boolean {
  return /^\+?[\d\s\-().]+$/.test(text) && /\d/.test(text);
}

export type LoginKey = { emailKey: string } | { usernameKey: string } | { phoneKey: string };

/** The key to look an email up by; undefined when it cannot be anybody's (so nobody is found). */
export function emailLoginKey(email: string): LoginKey | undefined {
  try {
    return { emailKey: canonicalEmail(parseEmail(email)) };
  } catch {
    return undefined;
  }
}

export function usernameLoginKey(username: string): LoginKey {
  return { usernameKey: canonicalText(username.trim()) };
}

/** A phone given at sign-in: E.164, or national with GenAuth's default +86. */
export function phoneLoginKey(phone: string): LoginKey | undefined {
  try {
    return { phoneKey: parsePhoneNumber(phone).e164 };
  } catch {
    return undefined;
  }
}

/**
 * `account` (GenAuth's signInByAccountPassword) is one of the three identifiers. Which one is decided by
 * its shape, never by trying each in turn: a username can be neither an email nor a phone, so an account
 * holding `@` is only ever an email and a run of digits only ever a phone.
 */
export function accountLoginKey(account: string): LoginKey | undefined {
  const key = canonicalText(account.trim());
  if (key.includes('@')) return emailLoginKey(account);
  if (looksLikePhoneNumber(key)) return phoneLoginKey(account);
  return usernameLoginKey(account);
}
