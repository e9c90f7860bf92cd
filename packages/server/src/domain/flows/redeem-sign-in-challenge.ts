import type { FactorProfile, FactorType, Language } from '@tessera/contract';
import type { AuditTrail, RequestContext } from '../audit/audit-trail.js';
import { generatePassCode, hashOpaqueToken } from '../codes/one-time-codes.js';
import type { CodeDispatch } from '../delivery/code-dispatch.js';
import { TesseraError } from '../errors.js';
import type { Answer, FactorMethod, MethodName } from '../factors/factor-method.js';
import type { FactorRegistry } from '../factors/registry.js';
import type { TransactionalStores } from '../ports.js';
import type { AppRecord, ChallengeStore, Clock, FactorRecord, FactorRepository, MfaChallenge, Random, SessionRecord, UnitOfWork, UserRecord, UserRepository } from '../ports.js';
import { aalAfter, amrAfter } from '../sessions/assurance.js';
import type { SessionService } from '../sessions/session-service.js';
import type { TokenSets } from '../tokens/token-sets.js';
import type { Verdict } from '../verification/verdict.js';
import type { SecurityNotices } from '../notifications/security-notices.js';
import type { VerificationGuard } from '../verification/verification-guard.js';

export interface RedemptionPolicy {
  /** Codes a single challenge tolerates (security.md §6.1: 5); the account budget applies as well. */
  maxAttemptsPerChallenge: number;
  /** Lifetime of an SMS/email code sent for a challenge (OOB-02: at most 600 s). */
  mfaCodeTtlSeconds: number;
}

export interface CompletedSignIn {
  user: UserRecord;
  accessToken: string;
  expiresInSeconds: number;
  /** When the access token expires (epoch ms). */
  expiresAt: number;
  /** Only after a recovery code: its replacement, shown this once. */
  recoveryCode?: string;
  /** With offline_access / openid in the sign-in's scope. */
  refreshToken?: string;
  idToken?: string;
}

/**
 * The second step of a sign-in (spec §5.3): the mfaToken of a 1635/1636 answer is redeemed once, with an
 * answer to any method of a factor the user bound and the app offers. Every answer passes the verification
 * guard (one failure budget per account). Success consumes the challenge with a conditional update —
 * exactly one of concurrent redemptions gets a token (RPL-04) — and opens a session whose assurance is what
 * the method proves (aal2, or aal1 after an email code: security.md §6.3).
 */
export function createSignInRedemption(deps: {
  clock: Clock;
  random: Random;
  registry: FactorRegistry;
  challenges: ChallengeStore;
  factors: FactorRepository;
  users: UserRepository;
  unitOfWork: UnitOfWork;
  guard: VerificationGuard;
  sessions: SessionService;
  tokenSets: TokenSets;
  audit: AuditTrail;
  codes: CodeDispatch;
  notices: SecurityNotices;
  policy: RedemptionPolicy;
}) {
  const { clock, policy } = deps;

  /** An unconsumed, unexpired challenge of this app, without spending an attempt. */
  async function findChallenge(app: AppRecord, mfaToken: string): Promise<MfaChallenge | undefined> {
    return deps.challenges.findActive(hashOpaqueToken(mfaToken), app.id, clock.now());
  }

  /** The user's bound factor for the method, when the app offers its type. */
  async function usableFactor(app: AppRecord, userId: string, method: FactorMethod): Promise<FactorRecord | undefined> {
    if (!deps.registry.offeredTypes(app).includes(method.factorType)) return undefined;
    return deps.factors.findByType(userId, method.factorType);
  }

  /** POST /api/v2/mfa/totp/verify, /api/v2/applications/mfa/{sms,email}/verify, /api/v2/mfa/totp/recovery */
  async function redeem(app: AppRecord, mfaToken: string, methodName: MethodName, answer: Answer, context: RequestContext): Promise<CompletedSignIn> {
    const method = deps.registry.method(methodName);
    const challenge = await deps.challenges.reserveAttempt(hashOpaqueToken(mfaToken), app.id, clock.now(), policy.maxAttemptsPerChallenge);
    if (!challenge) throw new TesseraError('MFA_TOKEN_INVALID');
    const factor = await usableFactor(app, challenge.userId, method);
    if (!factor) throw new TesseraError(method.errors.notBound);
    const user = await deps.users.findById(challenge.userId);
    if (!user) throw new TesseraError('MFA_TOKEN_INVALID');
    const subject = { userId: challenge.userId, factorType: method.factorType, via: 'sign-in', context, successEvent: method.successEvent };
    const verdict = await deps.guard.run(subject, async (): Promise<Verdict<{ session: SessionRecord; replacement: string | null }>> => {
      const matched = await method.verify({ factor, answer, challenge, now: clock.now() });
      if (matched.outcome !== 'ok') return matched;
      const proves = matched.value.proves ?? method.proves;
      // DUR-02: spending the answer (its step, its code, the challenge) and opening the session commit
      // together, or not at all.
      return runOrRollBack(async (tx) => {
        const spent = await matched.value({
          factors: tx.factors,
          passkeys: tx.passkeys,
          claim: (codeHash) => tx.challenges.consume(challenge.tokenHash, clock.now(), codeHash),
        });
        if (spent.outcome !== 'ok') return spent;
        const session = await deps.sessions.open(
          { userId: user.id, appId: challenge.appId, amr: amrAfter(challenge.amr, proves), aal: aalAfter('aal1', proves), secondFactorAt: clock.now() },
          tx,
        );
        return { outcome: 'ok', value: { session, replacement: spent.value } };
      });
    });
    // RPL-05: a replayed answer is refused exactly like a wrong one.
    if (verdict.outcome !== 'ok') throw new TesseraError(method.errors.wrongAnswer);

    // REC-04: using a recovery code is told to the holder, with the new one in hand.
    if (method.successEvent === 'recovery-code.use') {
      await deps.notices.notify({ userId: user.id, event: 'recovery-code-used', factorType: method.factorType, context });
    }
    const issued = await deps.tokenSets.issue(verdict.value.session, app, { scope: challenge.scope });
    return {
      user,
      accessToken: issued.accessToken,
      expiresInSeconds: issued.expiresInSeconds,
      expiresAt: clock.now() + issued.expiresInSeconds * 1000,
      ...(issued.refreshToken ? { refreshToken: issued.refreshToken } : {}),
      ...(issued.idToken ? { idToken: issued.idToken } : {}),
      ...(verdict.value.replacement !== null ? { recoveryCode: verdict.value.replacement } : {}),
    };
  }

  /** Runs `work` in one transaction; a verdict other than ok rolls its writes back. */
  async function runOrRollBack<T>(work: (tx: TransactionalStores) => Promise<Verdict<T>>): Promise<Verdict<T>> {
    try {
      return await deps.unitOfWork.run(async (tx) => {
        const verdict = await work(tx);
        if (verdict.outcome !== 'ok') throw new RolledBack(verdict);
        return verdict;
      });
    } catch (error) {
      if (error instanceof RolledBack) return error.verdict as Verdict<T>;
      throw error;
    }
  }

  /** POST /api/v3/send-sms, /api/v3/send-email with CHANNEL_VERIFY_MFA: a code for this challenge only. */
  async function sendCode(input: {
    app: AppRecord;
    mfaToken: string;
    factorType: FactorType;
    /**
     * The address the caller names. Ignored: the code goes to the bound factor's own address, and the
     * answer never depends on whether the two match (a wrong guess must not reveal the number).
     */
    destination: FactorProfile;
    language: Language;
    clientIp: string;
  }): Promise<void> {
    const challenge = await findChallenge(input.app, input.mfaToken);
    if (!challenge) throw new TesseraError('MFA_TOKEN_INVALID');
    const method = deps.registry.binding(input.factorType);
    const delivery = method?.delivery;
    const factor = delivery && (await usableFactor(input.app, challenge.userId, method));
    // Codes go only to the factor the user bound, never to an address the caller names.
    const to = factor && delivery.addressOf(factor);
    if (!to) throw new TesseraError('FACTOR_NOT_FOUND');
    const code = generatePassCode(deps.random);
    const codeHash = delivery.hashChallengeCode(code, challenge.tokenHash);
    const expiresAt = clock.now() + policy.mfaCodeTtlSeconds * 1000;
    // OOB-04: a new code replaces the previous one; the failure budget is untouched (RL-02).
    if (!(await deps.challenges.setCode(challenge.tokenHash, { channel: delivery.channel, hash: codeHash, expiresAt }, clock.now()))) {
      throw new TesseraError('MFA_TOKEN_INVALID');
    }
    try {
      await deps.codes.dispatch({
        channel: delivery.channel,
        to,
        code,
        purpose: 'verify-mfa',
        appName: input.app.name,
        ttlSeconds: policy.mfaCodeTtlSeconds,
        language: input.language,
        userId: challenge.userId,
        clientIp: input.clientIp,
      });
    } catch (error) {
      // Refused or undelivered: leave no usable code behind.
      await deps.challenges.clearCode(challenge.tokenHash, codeHash);
      throw error;
    }
  }

  /** POST /mfa/token/introspection (spec §4). */
  async function introspect(app: AppRecord | undefined, mfaToken: string | undefined) {
    if (!app || !mfaToken) return { active: false as const };
    const challenge = await findChallenge(app, mfaToken);
    if (!challenge) return { active: false as const };
    return {
      active: true as const,
      // Tessera has no user pools: one deployment is one pool, named by the app that holds the token.
      userPoolId: challenge.appId,
      userId: challenge.userId,
      iat: Math.floor(challenge.createdAt / 1000),
      exp: Math.floor(challenge.expiresAt / 1000),
    };
  }

  return { redeem, sendCode, introspect };
}

export type SignInRedemption = ReturnType<typeof createSignInRedemption>;

/** Carries a refused verdict out of a transaction, rolling back what it wrote. */
class RolledBack extends Error {
  constructor(readonly verdict: Verdict<unknown>) {
    super('rolled back');
  }
}
