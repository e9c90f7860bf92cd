import type { Random, RotatingSecretBox } from '../../ports.js';
import { AMR } from '../../sessions/assurance.js';
import { FAILED, REPLAYED } from '../../verification/verdict.js';
import type { FactorMethod } from '../factor-method.js';
import type { RecoveryCodeIssuer } from '../recovery-code/recovery-codes.js';
import { buildOtpauthUri, findMatchingStep, TOTP_SECRET_BYTES } from './totp.js';

/**
 * TOTP authenticator apps (RFC 6238). Binding returns the secret as an otpauth URI and the recovery code,
 * shown once; the secret is sealed at rest, bound to the factor id. A code is accepted at most once: its
 * time step must be newer than the last accepted one, advanced by compare-and-set (RPL-01…RPL-04).
 */
export function createOtpMethod(deps: { random: Random; secretBox: RotatingSecretBox; recoveryCodes: RecoveryCodeIssuer }): FactorMethod {
  /** The one TOTP comparison: the matching step of a sealed secret (and the secret), or undefined. */
  function matchStep(secretSealed: string | null, factorId: string, code: string, now: number) {
    if (!secretSealed) return undefined;
    const secret = deps.secretBox.open(secretSealed, factorId);
    const step = findMatchingStep(secret, code, now);
    return step === undefined ? undefined : { step, secret };
  }

  return {
    name: 'OTP',
    factorType: 'OTP',
    proves: { amr: AMR.otp, aal: 'aal2' },
    errors: { notBound: 'OTP_FACTOR_NOT_BOUND', wrongAnswer: 'WRONG_CODE' },
    enrollment: {
      async start({ app, accountLabel, factorId }) {
        const secret = deps.random.bytes(TOTP_SECRET_BYTES);
        const recovery = await deps.recoveryCodes.issue();
        return {
          stored: { profile: {}, secretSealed: deps.secretBox.seal(secret, factorId), codeHash: null, recoveryCodeHash: recovery.hash },
          reveal: { otpauthUri: buildOtpauthUri({ secret, issuer: app.name, account: accountLabel }), recoveryCode: recovery.code },
        };
      },
      async confirm(pending, code, now) {
        const matched = matchStep(pending.secretSealed, pending.factorId, code, now);
        // RPL-03: the code that confirmed the binding is spent (lastTotpStep); the first sign-in needs a later one.
        return matched ? { outcome: 'ok', value: matched.step } : FAILED;
      },
    },
    async verify({ factor, answer, now }) {
      const sealed = factor.secretSealed;
      const matched = matchStep(sealed, factor.id, answer.code, now);
      if (!sealed || !matched) return FAILED;
      // KEY-02: a secret still sealed with a key being retired moves to the active key on its next use.
      const resealed = deps.secretBox.needsReseal(sealed) ? deps.secretBox.seal(matched.secret, factor.id) : undefined;
      return {
        outcome: 'ok',
        value: async ({ factors, claim }) => {
          // RPL-01/02/03: the step must be newer than every step accepted before, on any challenge or session.
          if (!(await factors.advanceTotpStep(factor.id, matched.step))) return REPLAYED;
          if (!(await claim())) return REPLAYED;
          if (resealed) await factors.replaceSecret(factor.id, sealed, resealed);
          return { outcome: 'ok', value: null };
        },
      };
    },
    publicProfile: () => ({}),
    describeForChallenge: () => ({ totpMfaEnabled: true }),
  };
}
