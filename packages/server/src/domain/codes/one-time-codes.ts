import { createHash } from 'node:crypto';
import type { Random } from '../ports.js';

/** NIST 800-63B §3.1.3.2: at least 6 decimal digits from an approved random generator (OOB-01). */
export const PASS_CODE_DIGITS = 6;

/** A 6-digit code, uniformly distributed, leading zeros kept. */
export function generatePassCode(random: Random): string {
  return String(random.int(10 ** PASS_CODE_DIGITS)).padStart(PASS_CODE_DIGITS, '0');
}

/** 256-bit opaque token (ENR-05 asks for at least 112), URL-safe. */
export function generateOpaqueToken(random: Random): string {
  return random.bytes(32).toString('base64url');
}

/**
 * Opaque tokens and app secrets are stored only as their SHA-256: a database read does not yield a usable
 * one, and their 256 random bits make a fast hash enough.
 */
export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * Recovery code in GenAuth's sample shape: six groups of four hex characters (96 bits, REC-01 asks ≥ 64),
 * stored only as a salted slow hash.
 */
export function generateRecoveryCode(random: Random): string {
  const hex = random.bytes(12).toString('hex');
  return hex.match(/.{4}/g)!.join('-');
}

/** Normalises user-typed recovery codes: case and separators do not matter. */
export function normaliseRecoveryCode(input: string): string {
  return input.trim().toLowerCase().replace(/[^0-9a-f]/g, '');
}

/** A 24-hex-character id, GenAuth's id shape. */
export function generateId(random: Random): string {
  return random.bytes(12).toString('hex');
}
