import { TesseraError } from '../errors.js';
import type { Clock, FactorRepository, SecretBox } from '../ports.js';
import { findMatchingStep } from '../totp/totp.js';

/**
 * mfa-totp-verify (spec §3 #7): checks a TOTP against the user's bound OTP factor. A code is accepted at
 * most once: the matched step must be newer than the last accepted one, advanced by compare-and-set, so a
 * replay — or an older code still inside the window — fails even when two requests race (RPL-01, -02, -04).
 */
export function createTotpVerification(deps: { clock: Clock; factors: FactorRepository; secretBox: SecretBox }) {
  async function verify(userId: string, totp: string): Promise<{ verified: boolean; factorId: string }> {
    const factor = await deps.factors.findByType(userId, 'OTP');
    if (!factor?.secretSealed) throw new TesseraError('OTP_FACTOR_NOT_BOUND');
    const secret = deps.secretBox.open(factor.secretSealed, factor.id);
    const step = findMatchingStep(secret, totp, deps.clock.now());
    // RPL-05: a replayed code answers exactly like a wrong one.
    if (step === undefined) return { verified: false, factorId: factor.id };
    const advanced = await deps.factors.advanceTotpStep(factor.id, step);
    return { verified: advanced, factorId: factor.id };
  }

  return { verify };
}

export type TotpVerification = ReturnType<typeof createTotpVerification>;
