import type { FactorProfile, FactorType, Language } from '@tessera/contract';
import type { AuditTrail, RequestContext } from '../audit/audit-trail.js';
import { generateId, generateOpaqueToken, hashOpaqueToken } from '../codes/one-time-codes.js';
import type { CodeDispatch } from '../delivery/code-dispatch.js';
import { TesseraError } from '../errors.js';
import type { FactorRegistry } from '../factors/registry.js';
import type { Clock, EnrollmentStore, FactorRecord, FactorRepository, PendingEnrollment, Random, UserRepository } from '../ports.js';
import type { SessionService } from '../sessions/session-service.js';
import type { SecurityNotices } from '../notifications/security-notices.js';
import type { VerificationGuard } from '../verification/verification-guard.js';
import type { Caller } from './caller.js';

export interface BindingPolicy {
  /** Lifetime of an enrollment token; the V3 docs say 60 s. */
  enrollmentTtlSeconds: number;
  /** Wrong codes a single enrollment token tolerates, the right one included. */
  maxAttemptsPerEnrollment: number;
}

export interface BindingStarted {
  enrollmentToken: string;
  /** OTP only: what the authenticator app needs, shown this once. */
  otp?: { otpauthUri: string; recoveryCode: string };
}

/**
 * Binding a factor in two steps (spec §3 #1, #2): `start` issues a single-use enrollment token (and sends a
 * code, or returns a TOTP secret); `confirm` proves possession before the factor exists (ENR-01). With a
 * factor already bound, both need a second factor proven recently in this session (ENR-02). What each type
 * does is its method's (factors/); this flow only orders the steps and keeps them atomic.
 */
export function createFactorBinding(deps: {
  clock: Clock;
  random: Random;
  registry: FactorRegistry;
  users: UserRepository;
  factors: FactorRepository;
  enrollments: EnrollmentStore;
  codes: CodeDispatch;
  sessions: SessionService;
  /** A wrong enrollment code counts against the account's failure budget like any other (RL-06). */
  guard: VerificationGuard;
  audit: AuditTrail;
  notices: SecurityNotices;
  policy: BindingPolicy;
}) {
  const { clock, policy } = deps;

  async function start(input: {
    caller: Caller;
    factorType: FactorType;
    profile: FactorProfile;
    language: Language;
    context: RequestContext;
  }): Promise<BindingStarted> {
    const { caller, factorType } = input;
    await deps.sessions.assertRecentSecondFactor(caller.userId, caller.session);
    const method = deps.registry.assertOffered(caller.app, factorType);
    if (await deps.factors.findByType(caller.userId, factorType)) throw new TesseraError('FACTOR_ALREADY_BOUND', { factorType });

    const now = clock.now();
    const enrollmentToken = generateOpaqueToken(deps.random);
    const tokenHash = hashOpaqueToken(enrollmentToken);
    const factorId = generateId(deps.random);
    const material = await method.enrollment!.start({
      app: caller.app,
      userId: caller.userId,
      accountLabel: await accountLabelOf(caller.userId),
      profile: input.profile,
      factorId,
      tokenHash,
    });
    const pending: PendingEnrollment = {
      tokenHash,
      factorId,
      userId: caller.userId,
      appId: caller.app.id,
      factorType,
      ...material.stored,
      attempts: 0,
      expiresAt: now + policy.enrollmentTtlSeconds * 1000,
      createdAt: now,
    };
    await deps.enrollments.insert(pending);
    if (material.send) {
      try {
        await deps.codes.dispatch({
          ...material.send,
          purpose: 'enroll-factor',
          appName: caller.app.name,
          ttlSeconds: policy.enrollmentTtlSeconds,
          language: input.language,
          userId: caller.userId,
          clientIp: input.context.ip ?? '',
        });
      } catch (error) {
        // Refused or undelivered: leave no enrollment behind that could be confirmed or half-made.
        await deps.enrollments.discard(tokenHash);
        throw error;
      }
    }
    // OOB-04: only once the new code is out does the previous one stop working (a refused resend keeps
    // it), and its spent attempts carry over.
    await deps.enrollments.supersedeEarlier(tokenHash, now);
    return { enrollmentToken, ...(material.reveal ? { otp: material.reveal } : {}) };
  }

  async function confirm(input: {
    caller: Caller;
    factorType: FactorType;
    enrollmentToken: string;
    passCode: string | undefined;
    context: RequestContext;
  }): Promise<FactorRecord> {
    const { caller } = input;
    await deps.sessions.assertRecentSecondFactor(caller.userId, caller.session);
    if (!input.passCode) throw new TesseraError(deps.registry.binding(input.factorType)?.errors.answerMissing ?? 'PASS_CODE_MISSING');
    const passCode = input.passCode;
    const now = clock.now();
    const tokenHash = hashOpaqueToken(input.enrollmentToken);
    // Spending the attempt before checking the code bounds guesses even under concurrency.
    const pending = await deps.enrollments.reserveAttempt(tokenHash, caller.userId, now, policy.maxAttemptsPerEnrollment);
    const method = pending && pending.factorType === input.factorType ? deps.registry.binding(pending.factorType) : undefined;
    if (!pending || !method?.enrollment) throw new TesseraError('ENROLLMENT_TOKEN_INVALID');

    const subject = { userId: pending.userId, factorType: pending.factorType, via: 'enrollment', context: input.context };
    const verdict = await deps.guard.run(subject, () => method.enrollment!.confirm(pending, passCode, now));
    if (verdict.outcome !== 'ok') throw new TesseraError('WRONG_CODE');

    const factor: FactorRecord = {
      id: pending.factorId,
      userId: pending.userId,
      type: pending.factorType,
      profile: pending.profile,
      secretSealed: typeof verdict.value === 'object' && verdict.value !== null ? verdict.value.secretSealed : pending.secretSealed,
      lastTotpStep: typeof verdict.value === 'number' ? verdict.value : null,
      recoveryCodeHash: pending.recoveryCodeHash,
      createdAt: now,
    };
    const outcome = await deps.enrollments.complete(tokenHash, factor, now);
    if (outcome === 'token-used') throw new TesseraError('ENROLLMENT_TOKEN_INVALID');
    if (outcome === 'type-already-bound') throw new TesseraError('FACTOR_ALREADY_BOUND', { factorType: factor.type });
    // Proving the new factor is a second factor proven in this session: it raises the session (aal2 for
    // OTP and SMS), so the plain flow — sign in, bind, bind another, reset — keeps working.
    if (caller.session) await deps.sessions.recordSecondFactor(caller.session, method.proves);
    await deps.audit.record({ type: 'factor.enroll', outcome: 'ok', userId: caller.userId, factorType: factor.type, via: 'enrollment', context: input.context });
    // ENR-08: the holder hears of it over another channel.
    await deps.notices.notify({ userId: caller.userId, event: 'factor-bound', factorType: factor.type, context: input.context });
    return factor;
  }

  /** The account name shown in authenticator apps. */
  async function accountLabelOf(userId: string): Promise<string> {
    const user = await deps.users.findById(userId);
    return user?.email ?? user?.username ?? user?.phone ?? userId;
  }

  return { start, confirm };
}

export type FactorBinding = ReturnType<typeof createFactorBinding>;
