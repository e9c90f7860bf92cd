import type { PasswordHasher } from '../../ports.js';
import { AMR } from '../../sessions/assurance.js';
import { FAILED, REPLAYED } from '../../verification/verdict.js';
import type { FactorMethod } from '../factor-method.js';
import { formatRecoveryCode, type RecoveryCodeIssuer } from './recovery-codes.js';

/**
 * The OTP factor's recovery code, a NIST look-up secret (SP 800-63B §3.1.2): it comes with the OTP binding
 * and has none of its own. Using it replaces it (REC-04) — single use even under concurrency (REC-02) —
 * and the new one is shown once.
 */
export function createRecoveryCodeMethod(deps: { hasher: PasswordHasher; recoveryCodes: RecoveryCodeIssuer }): FactorMethod {
  return {
    name: 'RECOVERY_CODE',
    factorType: 'OTP',
    proves: { amr: AMR.otp, aal: 'aal2' },
    errors: { notBound: 'OTP_FACTOR_NOT_BOUND', wrongAnswer: 'WRONG_RECOVERY_CODE' },
    successEvent: 'recovery-code.use',
    async verify({ factor, answer }) {
      const formatted = formatRecoveryCode(answer.code);
      const storedHash = factor.recoveryCodeHash;
      if (!formatted || !storedHash || !(await deps.hasher.verify(storedHash, formatted))) return FAILED;
      // Hashed before the transaction, so the swap itself is quick.
      const fresh = await deps.recoveryCodes.issue();
      return {
        outcome: 'ok',
        value: async ({ factors, claim }) => {
          // The challenge first: a code swapped for a sign-in that then could not complete would be lost.
          if (!(await claim())) return REPLAYED;
          // Compare-and-set on the hash just verified: of concurrent uses of one code, one swaps it.
          if (!(await factors.swapRecoveryCodeHash(factor.id, storedHash, fresh.hash))) return REPLAYED;
          return { outcome: 'ok', value: fresh.code };
        },
      };
    },
    publicProfile: () => ({}),
    describeForChallenge: () => ({}),
  };
}
