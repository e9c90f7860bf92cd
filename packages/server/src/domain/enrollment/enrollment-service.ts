import type { FactorProfile, FactorType, Language } from '@tessera/contract';
import { generateId, generateOpaqueToken, generatePassCode, generateRecoveryCode, hashOpaqueToken } from '../codes/one-time-codes.js';
import { parseEmail, parsePhoneNumber } from '../contact/contact-address.js';
import { TesseraError } from '../errors.js';
import type {
  AppRecord,
  Clock,
  CodeHasher,
  EnrollmentStore,
  FactorContact,
  FactorRecord,
  FactorRepository,
  PasswordHasher,
  PendingEnrollment,
  Random,
  SecretBox,
} from '../ports.js';
import { buildOtpauthUri, findMatchingStep, TOTP_SECRET_BYTES } from '../totp/totp.js';
import { assertFactorTypeEnabled } from '../factors/factor-policy.js';
import type { CodeDispatch } from '../delivery/code-dispatch.js';
import type { RequestContext } from '../audit/audit-trail.js';
import type { VerificationGuard, Verdict } from '../verification/verification-guard.js';

export interface EnrollmentPolicy {
  /** Lifetime of an enrollment token; the V3 docs say 60 s. */
  enrollmentTtlSeconds: number;
  /** Wrong codes a single enrollment token tolerates, the right one included. */
  maxAttemptsPerEnrollment: number;
}

export interface EnrollmentDeps {
  clock: Clock;
  random: Random;
  secretBox: SecretBox;
  codeHasher: CodeHasher;
  recoveryCodeHasher: PasswordHasher;
  enrollments: EnrollmentStore;
  factors: FactorRepository;
  codes: CodeDispatch;
  policy: EnrollmentPolicy;
  /** The account failure budget: a wrong enrollment code counts like any other (RL-06). */
  guard: VerificationGuard;
}

export interface EnrollmentStarted {
  enrollmentToken: string;
  /** OTP only: what the authenticator app needs, shown this once. */
  otp?: { uri: string; recoveryCode: string };
}

export interface Enrollee {
  userId: string;
  /** The account name shown in authenticator apps. */
  accountLabel: string;
}

/**
 * Binding a factor in two steps (spec §3 #1, #2): start issues a single-use enrollment token (and sends a
 * code, or returns a TOTP secret); confirm proves possession with that code before the factor exists.
 */
export function createEnrollmentService(deps: EnrollmentDeps) {
  const { clock, random, policy } = deps;

  async function start(input: {
    app: AppRecord;
    enrollee: Enrollee;
    factorType: FactorType;
    profile: FactorProfile;
    language: Language;
    clientIp: string;
  }): Promise<EnrollmentStarted> {
    const { app, enrollee, factorType } = input;
    assertFactorTypeEnabled(app, factorType);
    if (await deps.factors.findByType(enrollee.userId, factorType)) {
      throw new TesseraError('FACTOR_ALREADY_BOUND', { factorType });
    }

    const now = clock.now();
    const enrollmentToken = generateOpaqueToken(random);
    const pending: PendingEnrollment = {
      tokenHash: hashOpaqueToken(enrollmentToken),
      factorId: generateId(random),
      userId: enrollee.userId,
      appId: app.id,
      factorType,
      profile: {},
      secretSealed: null,
      codeHash: null,
      recoveryCodeHash: null,
      attempts: 0,
      expiresAt: now + policy.enrollmentTtlSeconds * 1000,
      createdAt: now,
    };

    if (factorType === 'OTP') {
      const secret = random.bytes(TOTP_SECRET_BYTES);
      const recoveryCode = generateRecoveryCode(random);
      pending.secretSealed = deps.secretBox.seal(secret, pending.factorId);
      pending.recoveryCodeHash = await deps.recoveryCodeHasher.hash(recoveryCode);
      await deps.enrollments.insert(pending);
      const uri = buildOtpauthUri({ secret, issuer: app.name, account: enrollee.accountLabel });
      return { enrollmentToken, otp: { uri, recoveryCode } };
    }

    const { contact, destination, channel } = resolveDestination(factorType, input.profile);
    pending.profile = contact;
    const code = generatePassCode(random);
    pending.codeHash = deps.codeHasher.hash(code, pending.tokenHash);
    await deps.enrollments.insert(pending);
    try {
      await deps.codes.dispatch({
        channel,
        to: destination,
        code,
        purpose: 'enroll-factor',
        appName: app.name,
        ttlSeconds: policy.enrollmentTtlSeconds,
        language: input.language,
        userId: enrollee.userId,
        clientIp: input.clientIp,
      });
    } catch (error) {
      // Refused or undelivered: leave no enrollment behind that could be confirmed or half-made.
      await deps.enrollments.discard(pending.tokenHash);
      throw error;
    }
    // OOB-04: only once the new code is out does the previous one stop working (a refused resend keeps
    // it), and its spent attempts carry over.
    await deps.enrollments.supersedeEarlier(pending.tokenHash, now);
    return { enrollmentToken };
  }

  async function confirm(input: {
    userId: string;
    factorType: FactorType;
    enrollmentToken: string;
    passCode: string | undefined;
    context?: RequestContext;
  }): Promise<FactorRecord> {
    if (!input.passCode) throw new TesseraError('PASS_CODE_MISSING');
    const now = clock.now();
    const tokenHash = hashOpaqueToken(input.enrollmentToken);
    // Spending the attempt before checking the code bounds guesses even under concurrency.
    const pending = await deps.enrollments.reserveAttempt(tokenHash, input.userId, now, policy.maxAttemptsPerEnrollment);
    if (!pending || pending.factorType !== input.factorType) throw new TesseraError('ENROLLMENT_TOKEN_INVALID');

    const passCode = input.passCode;
    const subject = { userId: pending.userId, factorType: pending.factorType, via: 'enrollment', context: input.context };
    const verdict = await deps.guard.run(subject, async (): Promise<Verdict<number | null>> => {
      if (pending.factorType === 'OTP') {
        const secret = deps.secretBox.open(pending.secretSealed!, pending.factorId);
        const step = findMatchingStep(secret, passCode, now);
        // RPL-03: the code that confirmed enrollment is spent (lastTotpStep); the first sign-in needs a later one.
        return step === undefined ? { outcome: 'failed' } : { outcome: 'ok', value: step };
      }
      return deps.codeHasher.matches(passCode, tokenHash, pending.codeHash!) ? { outcome: 'ok', value: null } : { outcome: 'failed' };
    });
    if (verdict.outcome !== 'ok') throw new TesseraError('WRONG_CODE');
    const lastTotpStep = verdict.value;

    const factor: FactorRecord = {
      id: pending.factorId,
      userId: pending.userId,
      type: pending.factorType,
      profile: pending.profile,
      secretSealed: pending.secretSealed,
      lastTotpStep,
      recoveryCodeHash: pending.recoveryCodeHash,
      createdAt: now,
    };
    const outcome = await deps.enrollments.complete(tokenHash, factor, now);
    if (outcome === 'token-used') throw new TesseraError('ENROLLMENT_TOKEN_INVALID');
    if (outcome === 'type-already-bound') throw new TesseraError('FACTOR_ALREADY_BOUND', { factorType: factor.type });
    return factor;
  }

  return { start, confirm };
}

export type EnrollmentService = ReturnType<typeof createEnrollmentService>;

function resolveDestination(factorType: FactorType, profile: FactorProfile) {
  if (factorType === 'SMS') {
    if (!profile.phoneNumber) throw new TesseraError('INVALID_PHONE_NUMBER');
    const phone = parsePhoneNumber(profile.phoneNumber, profile.phoneCountryCode);
    const contact: FactorContact = { phoneNumber: phone.phoneNumber, phoneCountryCode: phone.phoneCountryCode };
    return { contact, destination: phone.e164, channel: 'sms' as const };
  }
  if (!profile.email) throw new TesseraError('INVALID_EMAIL');
  const email = parseEmail(profile.email);
  return { contact: { email } satisfies FactorContact, destination: email, channel: 'email' as const };
}
