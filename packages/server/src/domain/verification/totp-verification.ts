import { TesseraError } from '../errors.js';
import type { Clock, FactorRepository, SecretBox } from '../ports.js';
import { findMatchingStep } from '../totp/totp.js';
import type { RequestContext } from '../audit/audit-trail.js';
import type { VerificationGuard } from './verification-guard.js';

/**
 * mfa-totp-verify (spec §3 #7): checks a TOTP against the user's bound OTP factor. A code is accepted at
 * most once: the matched step must be newer than the last accepted one, advanced by compare-and-set, so a
 * replay — or an older code still inside the window — fails even when two requests race (RPL-01, -02, -04).
 */
export function createTotpVerification(deps: { clock: Clock; factors: FactorRepository; secretBox: SecretBox; guard: VerificationGuard }) {
  /**
   * Every attempt passes the account failure budget (RL-06): while locked this throws VERIFICATION_LOCKED
   * without looking at the code.
   */
  async function verify(userId: string, totp: string, context?: RequestContext): Promise<{ verified: boolean; factorId: string }> {
    const factor = await deps.factors.findByType(userId, 'OTP');
    if (!factor?.secretSealed) throw new TesseraError('OTP_FACTOR_NOT_BOUND');
    const verdict = await deps.guard.run({ userId, factorType: 'OTP', via: 'step-up', context }, async () => {
      const secret = deps.secretBox.open(factor.secretSealed!, factor.id);
      const step = findMatchingStep(secret, totp, deps.clock.now());
      if (step === undefined) return { outcome: 'failed' as const };
      // RPL-05: a replayed code answers exactly like a wrong one.
      return (await deps.factors.advanceTotpStep(factor.id, step)) ? { outcome: 'ok' as const, value: step } : { outcome: 'replayed' as const };
    });
    return { verified: verdict.outcome === 'ok', factorId: factor.id };
  }

  return { verify };
}

export type TotpVerification = ReturnType<typeof createTotpVerification>;
