import type { FactorType } from '@tessera/contract';
import type { AuditTrail, RequestContext } from '../audit/audit-trail.js';
import { TesseraError } from '../errors.js';
import type { Clock } from '../ports.js';
import type { FailureBudget } from './failure-budget.js';
import type { SecurityNotices } from '../notifications/security-notices.js';
import type { Verdict } from './verdict.js';

export interface VerificationSubject {
  userId: string;
  factorType: FactorType | null;
  /** 'sign-in', 'enrollment', 'step-up'. */
  via: string;
  context?: RequestContext;
  /** The audit event type of a success; 'verify' unless said otherwise. */
  successEvent?: 'verify' | 'recovery-code.use';
}

/**
 * The one gate every second-factor code passes (RL-06): TOTP, SMS, email and recovery codes, at
 * enrollment, at sign-in and at step-up. It reserves a place in the account's failure budget before the
 * code is compared (RL-04), refuses without comparing while the account is locked — even a correct code
 * (RL-01) — counts failures, clears the count on success (RL-05), and audits each. A replay (the right
 * answer, already spent) is refused like a failure but is no guess: it gives its place back, so a
 * double-submitted code cannot lock its owner out.
 */
export function createVerificationGuard(deps: {
  clock: Clock;
  budget: FailureBudget;
  audit: AuditTrail;
  notices: SecurityNotices;
}) {
  const { budget, audit } = deps;

  async function run<T>(subject: VerificationSubject, compare: () => Promise<Verdict<T>>): Promise<Verdict<T>> {
    const base = { userId: subject.userId, factorType: subject.factorType, via: subject.via, context: subject.context };
    const reservation = await budget.reserve(subject.userId, deps.clock.now());
    if (!reservation.granted) {
      await audit.record({ ...base, type: 'verify', outcome: 'locked' });
      throw lockedError(reservation.retryAfterMs);
    }

    let verdict: Verdict<T>;
    try {
      verdict = await compare();
    } catch (error) {
      // Nothing was decided (a store or key failure): give the place back, answer the error.
      await budget.release(subject.userId);
      throw error;
    }

    if (verdict.outcome === 'ok') {
      await budget.recordSuccess(subject.userId);
      await audit.record({ ...base, type: subject.successEvent ?? 'verify', outcome: 'ok' });
      return verdict;
    }
    if (verdict.outcome === 'replayed') {
      await budget.release(subject.userId);
      await audit.record({ ...base, type: 'verify', outcome: 'replayed' });
      // RPL-05: the replay is answered like a wrong code, logged, and the holder is told.
      await deps.notices.notify({ userId: subject.userId, event: 'code-replayed', factorType: subject.factorType, context: subject.context });
      return verdict;
    }
    const state = await budget.recordFailure(subject.userId, deps.clock.now());
    await audit.record({ ...base, type: 'verify', outcome: verdict.outcome, detail: { consecutiveFailures: state.consecutiveFailures } });
    if (state.lockedUntil !== null || state.adminUnlockRequired) {
      await audit.record({
        ...base,
        type: 'lock',
        detail: {
          consecutiveFailures: state.consecutiveFailures,
          lockedUntil: state.lockedUntil === null ? null : new Date(state.lockedUntil).toISOString(),
          adminUnlockRequired: state.adminUnlockRequired,
        },
      });
      await deps.notices.notify({ userId: subject.userId, event: 'account-locked', context: subject.context });
    }
    return verdict;
  }

  return { run };
}

export type VerificationGuard = ReturnType<typeof createVerificationGuard>;

function lockedError(retryAfterMs: number | null): TesseraError {
  if (retryAfterMs === null) return new TesseraError('VERIFICATION_LOCKED_UNTIL_UNLOCK');
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new TesseraError('VERIFICATION_LOCKED', { retryAfterSeconds }, { retryAfterSeconds });
}
