import { Secret } from 'otpauth';

/**
 * A TOTP secret brought from another system, as base32 (RFC 4648; what otpauth URIs, GenAuth, Supabase and
 * Keycloak's exports hold). Spaces, dashes, case and `=` padding are forgiven; anything else is refused.
 * 80 bits is the floor: Google Authenticator's 16-character secrets are common and still fine for TOTP
 * (RFC 4226 asks 128 of new secrets, which Tessera's own — 160 bits — meet).
 */
export const MIN_IMPORTED_SECRET_BYTES = 10;
/** Longer than any HMAC-SHA512 key would usefully be; also bounds the work of one entry. */
export const MAX_IMPORTED_SECRET_BYTES = 64;

export function decodeImportedSecret(input: unknown): Buffer | undefined {
  if (typeof input !== 'string') return undefined;
  const compact = input.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
  if (!/^[A-Z2-7]+$/.test(compact)) return undefined;
  const bytes = Buffer.from(Secret.fromBase32(compact).bytes);
  return bytes.length >= MIN_IMPORTED_SECRET_BYTES && bytes.length <= MAX_IMPORTED_SECRET_BYTES ? bytes : undefined;
}
