import type { FactorType, Language } from '@tessera/contract';
import type { AuditTrail, RequestContext } from '../audit/audit-trail.js';
import { generatePassCode } from '../codes/one-time-codes.js';
import { parseEmail, parsePhoneNumber } from '../contact/contact-address.js';
import type { CodeDispatch } from '../delivery/code-dispatch.js';
import { hashOpaqueToken } from '../codes/one-time-codes.js';
import { TesseraError } from '../errors.js';
import { offeredFactorTypes } from '../factors/factor-policy.js';
import type {
  AppRecord,
  ChallengeStore,
  Clock,
  CodeChannel,
  CodeHasher,
  FactorRecord,
  FactorRepository,
  MfaChallenge,
  PasswordHasher,
  Random,
  SecretBox,
  UserRecord,
  UserRepository,
} from '../ports.js';
import { formatRecoveryCode, type RecoveryCodes } from '../recovery-codes/recovery-codes.js';
import { aalAfter, amrAfter, type SecondFactorMethod } from '../sessions/assurance.js';
import type { SessionService } from '../sessions/session-service.js';
import { findMatchingStep } from '../totp/totp.js';
import type { VerificationGuard, Verdict } from '../verification/verification-guard.js';

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
  /** Only after a recovery code: its replacement, shown this once. */
  recoveryCode?: string;
}

/**
 * The second step of a sign-in (spec §5.3): the mfaToken of a 1635/1636 answer is redeemed once, with a
 * TOTP, an SMS or email code sent for that challenge, or the recovery code. Every code passes the
 * verification guard (one failure budget per account). Success consumes the challenge with a conditional
 * update — exactly one of concurrent redemptions gets a token (RPL-04) — and opens a session whose
 * assurance follows the factor (aal2, or aal1 after an email code: security.md §6.3).
 */
export function createMfaRedemption(deps: {
  clock: Clock;
  random: Random;
  challenges: ChallengeStore;
  factors: FactorRepository;
  users: UserRepository;
  secretBox: SecretBox;
  codeHasher: CodeHasher;
  recoveryCodeHasher: PasswordHasher;
  recoveryCodes: RecoveryCodes;
  guard: VerificationGuard;
  sessions: SessionService;
  audit: AuditTrail;
  codes: CodeDispatch;
  policy: RedemptionPolicy;
}) {
  const { clock, policy } = deps;

  /** An unconsumed, unexpired challenge of this app, without spending an attempt. */
  async function findChallenge(app: AppRecord, mfaToken: string): Promise<MfaChallenge | undefined> {
    return deps.challenges.findActive(hashOpaqueToken(mfaToken), app.id, clock.now());
  }

  async function reserveChallenge(app: AppRecord, mfaToken: string): Promise<MfaChallenge> {
    const challenge = await deps.challenges.reserveAttempt(hashOpaqueToken(mfaToken), app.id, clock.now(), policy.maxAttemptsPerChallenge);
    if (!challenge) throw new TesseraError('MFA_TOKEN_INVALID');
    return challenge;
  }

  /** The user's bound factor of a type the app offers, or undefined. */
  async function usableFactor(app: AppRecord, userId: string, type: FactorType): Promise<FactorRecord | undefined> {
    if (!offeredFactorTypes(app).includes(type)) return undefined;
    return deps.factors.findByType(userId, type);
  }

  async function complete(challenge: MfaChallenge, method: SecondFactorMethod): Promise<Omit<CompletedSignIn, 'recoveryCode'>> {
    const user = await deps.users.findById(challenge.userId);
    if (!user) throw new TesseraError('MFA_TOKEN_INVALID');
    const started = await deps.sessions.start({
      userId: user.id,
      appId: challenge.appId,
      scope: challenge.scope,
      amr: amrAfter(challenge.amr, method),
      aal: aalAfter('aal1', method),
      secondFactorAt: clock.now(),
    });
    return { user, accessToken: started.accessToken, expiresInSeconds: started.expiresInSeconds };
  }

  /** POST /api/v2/mfa/totp/verify */
  async function verifyTotp(app: AppRecord, mfaToken: string, totp: string, context: RequestContext): Promise<CompletedSignIn> {
    const challenge = await reserveChallenge(app, mfaToken);
    const factor = await usableFactor(app, challenge.userId, 'OTP');
    if (!factor?.secretSealed) throw new TesseraError('OTP_FACTOR_NOT_BOUND');
    const verdict = await deps.guard.run({ userId: challenge.userId, factorType: 'OTP', via: 'sign-in', context }, async (): Promise<Verdict<true>> => {
      const step = findMatchingStep(deps.secretBox.open(factor.secretSealed!, factor.id), totp, clock.now());
      if (step === undefined) return { outcome: 'failed' };
      // RPL-01/02/03: the step must be newer than every step accepted before, on any challenge or session.
      if (!(await deps.factors.advanceTotpStep(factor.id, step))) return { outcome: 'replayed' };
      if (!(await deps.challenges.consume(challenge.tokenHash, clock.now()))) return { outcome: 'replayed' };
      return { outcome: 'ok', value: true };
    });
    // RPL-05: a replayed code answers exactly like a wrong one.
    if (verdict.outcome !== 'ok') throw new TesseraError('WRONG_CODE');
    return complete(challenge, 'OTP');
  }

  /** POST /api/v2/applications/mfa/{sms,email}/verify */
  async function verifyCode(
    app: AppRecord,
    mfaToken: string,
    channel: CodeChannel,
    destination: string,
    code: string,
    context: RequestContext,
  ): Promise<CompletedSignIn> {
    const challenge = await reserveChallenge(app, mfaToken);
    const type: FactorType = channel === 'sms' ? 'SMS' : 'EMAIL';
    const factor = await usableFactor(app, challenge.userId, type);
    if (!factor) throw new TesseraError('FACTOR_NOT_FOUND');
    const verdict = await deps.guard.run({ userId: challenge.userId, factorType: type, via: 'sign-in', context }, async (): Promise<Verdict<true>> => {
      const now = clock.now();
      const codeHash = challenge.codeHash;
      const sentHere = challenge.codeChannel === channel && codeHash !== null && (challenge.codeExpiresAt ?? 0) > now;
      // OOB-03: the code is bound to this challenge and the factor it was sent to.
      if (!sentHere || !matchesFactor(factor, destination) || !deps.codeHasher.matches(code, codeContext(challenge.tokenHash, channel), codeHash)) {
        return { outcome: 'failed' };
      }
      if (!(await deps.challenges.consume(challenge.tokenHash, now, codeHash))) return { outcome: 'replayed' };
      return { outcome: 'ok', value: true };
    });
    if (verdict.outcome !== 'ok') throw new TesseraError('WRONG_CODE');
    return complete(challenge, type === 'SMS' ? 'SMS' : 'EMAIL');
  }

  /** POST /api/v2/mfa/totp/recovery: single use even under concurrency (REC-02); a new code replaces it. */
  async function verifyRecoveryCode(app: AppRecord, mfaToken: string, recoveryCode: string, context: RequestContext): Promise<CompletedSignIn> {
    const challenge = await reserveChallenge(app, mfaToken);
    const factor = await usableFactor(app, challenge.userId, 'OTP');
    if (!factor) throw new TesseraError('OTP_FACTOR_NOT_BOUND');
    const subject = { userId: challenge.userId, factorType: 'OTP' as const, via: 'sign-in', context, successEvent: 'recovery-code.use' as const };
    const verdict = await deps.guard.run(subject, async (): Promise<Verdict<string>> => {
      const formatted = formatRecoveryCode(recoveryCode);
      const storedHash = factor.recoveryCodeHash;
      if (!formatted || !storedHash || !(await deps.recoveryCodeHasher.verify(storedHash, formatted))) return { outcome: 'failed' };
      const fresh = await deps.recoveryCodes.issue();
      if (!(await deps.challenges.consume(challenge.tokenHash, clock.now()))) return { outcome: 'replayed' };
      // Compare-and-set on the hash just verified: of concurrent uses of one code, one swaps it.
      if (!(await deps.factors.swapRecoveryCodeHash(factor.id, storedHash, fresh.hash))) return { outcome: 'replayed' };
      return { outcome: 'ok', value: fresh.code };
    });
    if (verdict.outcome !== 'ok') throw new TesseraError('WRONG_RECOVERY_CODE');
    return { ...(await complete(challenge, 'RECOVERY_CODE')), recoveryCode: verdict.value };
  }

  /** POST /api/v3/send-sms, /api/v3/send-email with CHANNEL_VERIFY_MFA: a code for this challenge only. */
  async function sendCode(input: {
    app: AppRecord;
    mfaToken: string;
    channel: CodeChannel;
    destination: { phoneNumber: string; phoneCountryCode?: string | null } | { email: string };
    language: Language;
    clientIp: string;
  }): Promise<void> {
    const challenge = await findChallenge(input.app, input.mfaToken);
    if (!challenge) throw new TesseraError('MFA_TOKEN_INVALID');
    const factor = await usableFactor(input.app, challenge.userId, input.channel === 'sms' ? 'SMS' : 'EMAIL');
    const to = factor && destinationOf(factor, input.destination);
    // Codes go only to the factor the user bound, never to an address the caller names.
    if (!factor || !to) throw new TesseraError('FACTOR_NOT_FOUND');
    const code = generatePassCode(deps.random);
    const codeHash = deps.codeHasher.hash(code, codeContext(challenge.tokenHash, input.channel));
    const expiresAt = clock.now() + policy.mfaCodeTtlSeconds * 1000;
    // OOB-04: a new code replaces the previous one; the failure budget is untouched (RL-02).
    if (!(await deps.challenges.setCode(challenge.tokenHash, { channel: input.channel, hash: codeHash, expiresAt }, clock.now()))) {
      throw new TesseraError('MFA_TOKEN_INVALID');
    }
    try {
      await deps.codes.dispatch({
        channel: input.channel,
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

  return { findChallenge, verifyTotp, verifyCode, verifyRecoveryCode, sendCode, introspect };
}

export type MfaRedemption = ReturnType<typeof createMfaRedemption>;

function codeContext(tokenHash: string, channel: CodeChannel): string {
  return `mfa:${tokenHash}:${channel}`;
}

/** The E.164 number or email of the factor when `destination` names it, else undefined. */
function destinationOf(
  factor: FactorRecord,
  destination: { phoneNumber: string; phoneCountryCode?: string | null } | { email: string },
): string | undefined {
  try {
    if ('email' in destination) {
      const email = parseEmail(destination.email);
      return factor.profile.email && email.toLowerCase() === factor.profile.email.toLowerCase() ? factor.profile.email : undefined;
    }
    const bound = parsePhoneNumber(factor.profile.phoneNumber ?? '', factor.profile.phoneCountryCode);
    const given = parsePhoneNumber(destination.phoneNumber, destination.phoneCountryCode ?? factor.profile.phoneCountryCode);
    return given.e164 === bound.e164 ? bound.e164 : undefined;
  } catch {
    return undefined;
  }
}

/** V2 verify bodies carry the phone (national or E.164) or the email the code was sent to. */
function matchesFactor(factor: FactorRecord, destination: string): boolean {
  return factor.type === 'EMAIL'
    ? destinationOf(factor, { email: destination }) !== undefined
    : destinationOf(factor, { phoneNumber: destination }) !== undefined;
}
