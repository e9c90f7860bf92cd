import { generateRecoveryCode, normaliseRecoveryCode } from '../../codes/one-time-codes.js';
import type { PasswordHasher, Random } from '../../ports.js';

/** Recovery codes are 24 hex characters shown in groups of four, and hashed in that form. */
export function formatRecoveryCode(input: string): string | undefined {
  const hex = normaliseRecoveryCode(input);
  if (hex.length !== 24) return undefined;
  return hex.match(/.{4}/g)!.join('-');
}

/** Fresh recovery codes: one at a time per OTP factor, argon2-hashed (REC-01). */
export function createRecoveryCodeIssuer(deps: { random: Random; hasher: PasswordHasher }) {
  return {
    /** A fresh code and its hash, computed before any compare-and-set so the swap itself is quick. */
    async issue(): Promise<{ code: string; hash: string }> {
      const code = generateRecoveryCode(deps.random);
      return { code, hash: await deps.hasher.hash(code) };
    },
  };
}

export type RecoveryCodeIssuer = ReturnType<typeof createRecoveryCodeIssuer>;
