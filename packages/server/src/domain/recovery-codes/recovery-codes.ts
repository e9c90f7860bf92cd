import { TesseraError } from '../errors.js';
import { generateRecoveryCode, normaliseRecoveryCode } from '../codes/one-time-codes.js';
import type { FactorRepository, PasswordHasher, Random } from '../ports.js';
import type { AuditTrail, RequestContext } from '../audit/audit-trail.js';

/** Recovery codes are 24 hex characters shown in groups of four, and hashed in that form. */
export function formatRecoveryCode(input: string): string | undefined {
  const hex = normaliseRecoveryCode(input);
  if (hex.length !== 24) return undefined;
  return hex.match(/.{4}/g)!.join('-');
}

/**
 * The OTP factor's recovery code: one at a time, argon2-hashed (REC-01). Using it replaces it (REC-04,
 * see mfa-redemption); an administrator can regenerate it, which voids the old one.
 */
export function createRecoveryCodes(deps: { random: Random; hasher: PasswordHasher; factors: FactorRepository; audit: AuditTrail }) {
  /** A fresh code and its hash, computed before any compare-and-set so the swap itself is quick. */
  async function issue(): Promise<{ code: string; hash: string }> {
    const code = generateRecoveryCode(deps.random);
    return { code, hash: await deps.hasher.hash(code) };
  }

  /** Admin regeneration: the new code is returned this once; the old one stops working. */
  async function regenerate(userId: string, context?: RequestContext): Promise<string> {
    const factor = await deps.factors.findByType(userId, 'OTP');
    if (!factor?.recoveryCodeHash) throw new TesseraError('OTP_FACTOR_NOT_BOUND');
    const fresh = await issue();
    if (!(await deps.factors.swapRecoveryCodeHash(factor.id, factor.recoveryCodeHash, fresh.hash))) {
      // Used or regenerated in between: the caller may simply retry.
      throw new TesseraError('SERVICE_UNAVAILABLE');
    }
    await deps.audit.record({ type: 'recovery-code.regenerate', userId, factorType: 'OTP', via: 'admin', context });
    return fresh.code;
  }

  return { issue, regenerate };
}

export type RecoveryCodes = ReturnType<typeof createRecoveryCodes>;
