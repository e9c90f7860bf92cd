import { createHmac } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { equalInConstantTime } from '../../codes/constant-time.js';

/** RFC 6238 parameters Tessera issues: what every authenticator app understands (spec §11.5). */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_ALGORITHM = 'SHA1';
/** RFC 4226 §4 R6 recommends 160 bits. */
export const TOTP_SECRET_BYTES = 20;
/** RFC 6238 §5.2: accept at most one step of drift either way. */
export const TOTP_DRIFT_STEPS = 1;

export type HashAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

export interface OtpParameters {
  algorithm: HashAlgorithm;
  digits: number;
}

const DEFAULT_PARAMETERS: OtpParameters = { algorithm: TOTP_ALGORITHM, digits: TOTP_DIGITS };

const HMAC_NAMES: Record<HashAlgorithm, string> = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };

/**
 * The HOTP value of `secret` at `counter` (RFC 4226 §5.3), leading zeros kept. One node:crypto HMAC on the
 * raw key: every verification computes three of these, and a generic OTP object per step cost ten times more.
 */
export function generateHotp(secret: Uint8Array, counter: number, parameters: OtpParameters = DEFAULT_PARAMETERS): string {
  // §5.2: the counter is an 8-byte big-endian integer (steps stay below 2^53).
  const message = Buffer.alloc(8);
  message.writeUInt32BE(Math.floor(counter / 2 ** 32), 0);
  message.writeUInt32BE(counter >>> 0, 4);
  const mac = createHmac(HMAC_NAMES[parameters.algorithm], secret).update(message).digest();
  // §5.3 dynamic truncation: 31 bits at the offset named by the last byte's low nibble.
  const offset = mac[mac.length - 1]! & 0x0f;
  const truncated = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(truncated % 10 ** parameters.digits).padStart(parameters.digits, '0');
}

/** The RFC 6238 time step T of a moment, with T0 = 0. */
export function timeStepAt(epochMs: number, periodSeconds = TOTP_PERIOD_SECONDS): number {
  return Math.floor(epochMs / 1000 / periodSeconds);
}

/** The TOTP value at a moment. */
export function generateTotp(secret: Uint8Array, epochMs: number, parameters: OtpParameters = DEFAULT_PARAMETERS): string {
  return generateHotp(secret, timeStepAt(epochMs), parameters);
}

/**
 * The time step whose code equals `code`, among T-1, T, T+1 around `epochMs`, or undefined.
 * Every candidate is compared in constant time and none is skipped, so timing says nothing about which
 * step matched. Replay protection is the caller's: the step must then be advanced atomically.
 */
export function findMatchingStep(secret: Uint8Array, code: string, epochMs: number): number | undefined {
  if (!/^\d+$/.test(code) || code.length !== TOTP_DIGITS) return undefined;
  const current = timeStepAt(epochMs);
  let matched: number | undefined;
  for (let step = current - TOTP_DRIFT_STEPS; step <= current + TOTP_DRIFT_STEPS; step++) {
    if (equalInConstantTime(generateHotp(secret, step), code) && matched === undefined) matched = step;
  }
  return matched;
}

/** The otpauth:// URI authenticator apps scan (Key Uri Format), issuer = app name, label = the account. */
export function buildOtpauthUri(input: { secret: Uint8Array; issuer: string; account: string }): string {
  return new TOTP({
    issuer: input.issuer,
    label: input.account,
    algorithm: TOTP_ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: new Secret({ buffer: toArrayBuffer(input.secret) }),
  }).toString();
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
