import type { RequestContext } from '../audit/audit-trail.js';
import { TesseraError } from '../errors.js';
import type { MethodName } from '../factors/factor-method.js';
import type { FactorRegistry } from '../factors/registry.js';
import type { Clock, FactorRepository } from '../ports.js';
import type { SessionService } from '../sessions/session-service.js';
import type { VerificationGuard } from '../verification/verification-guard.js';
import type { Caller } from './caller.js';

/**
 * A second factor proven inside a signed-in session (mfa-totp-verify, spec §3 #7): a wrong or replayed code
 * is `verified: false` (spec §0), never an error; every attempt passes the account failure budget (RL-06),
 * and while locked it is refused without a comparison. A success raises the session (aal2 for OTP), as
 * sudo-mode designs do (AZ-05, docs/mfa-sign-in.md).
 */
export function createStepUp(deps: {
  clock: Clock;
  registry: FactorRegistry;
  factors: FactorRepository;
  guard: VerificationGuard;
  sessions: SessionService;
}) {
  return async function stepUp(caller: Caller, methodName: MethodName, code: string, context: RequestContext): Promise<{ verified: boolean }> {
    const method = deps.registry.method(methodName);
    const factor = await deps.factors.findByType(caller.userId, method.factorType);
    if (!factor) throw new TesseraError(method.errors.notBound);
    const subject = { userId: caller.userId, factorType: method.factorType, via: 'step-up', context };
    const verdict = await deps.guard.run(subject, async () => {
      const matched = await method.verify({ factor, answer: { code }, challenge: null, now: deps.clock.now() });
      if (matched.outcome !== 'ok') return matched;
      // A session has no single-use context of its own: the method's compare-and-set makes it single use.
      return matched.value({ factors: deps.factors, claim: async () => true });
    });
    const verified = verdict.outcome === 'ok';
    if (verified && caller.session) await deps.sessions.recordSecondFactor(caller.session, method.proves);
    return { verified };
  };
}

export type StepUp = ReturnType<typeof createStepUp>;
