import type { AuthenticationCredential, ErrorCode, FactorProfile, FactorType, MfaRequiredDataDto, PasskeySummary } from '@tessera/contract';
import type { AppRecord, CodeChannel, FactorContact, FactorRecord, FactorRepository, MfaChallenge, PasskeyStore, PendingEnrollment } from '../ports.js';
import type { Proof } from '../sessions/assurance.js';
import type { Verdict } from '../verification/verdict.js';

/**
 * One way of proving a second factor. Each lives in its own folder (otp/, sms/, email/, recovery-code/)
 * and is listed once in registry.ts; the flows — binding, sign-in redemption, step-up — loop over the
 * registry and never name a type. See docs/architecture.md, "How to add a factor type".
 */
export interface FactorMethod {
  /** A factor type, or a method that answers with another type's factor (the recovery code). */
  readonly name: MethodName;
  /** The bound factor whose row holds this method's secret. */
  readonly factorType: FactorType;
  /** What a success proves: RFC 8176 `amr` value and NIST assurance level. */
  readonly proves: Proof;
  /** Binding a factor of this type; absent for a method that comes with another's binding. */
  readonly enrollment?: MethodEnrollment;
  /** Out-of-band methods: how a sign-in code reaches the bound factor. */
  readonly delivery?: MethodDelivery;
  /**
   * Compares an answer with the bound factor, writing nothing (slow work such as hashing happens here). A
   * match answers how to spend it: the writes that make it single use, which the flow runs in one
   * transaction with the rest of what the success changes (DUR-02).
   */
  verify(request: VerifyRequest): Promise<Verdict<Spend>>;
  /** The factor's public profile (get-factor, list-enrolled-factors): never a secret. */
  publicProfile(factor: FactorRecord): FactorContact;
  /** What the profile adds that lives beside the factor row (PASSKEY: its passkeys). */
  loadProfile?(factor: FactorRecord): Promise<{ passkeys?: PasskeySummary[] }>;
  /** What a 1635 answer says about the bound factor, masked. */
  describeForChallenge(factor: FactorRecord): Partial<MfaRequiredDataDto>;
  /** The catalog errors of this method: no usable factor bound; a wrong answer. */
  readonly errors: { notBound: ErrorCode; wrongAnswer: ErrorCode; answerMissing?: ErrorCode };
  /** Whether a bound factor can answer a challenge now (absent: always). */
  isUsable?(factor: FactorRecord): Promise<boolean>;
  /** Never a user's only factor (FACE, BIO-01): bound only next to another, and that one cannot be reset first. */
  readonly companionOnly?: true;
  /** The audit event of a success, when it is not a plain `verify`. */
  readonly successEvent?: 'recovery-code.use';
}

export type MethodName = FactorType | 'RECOVERY_CODE';

export interface MethodEnrollment {
  start(request: EnrollmentRequest): Promise<EnrollmentMaterial>;
  /** Checks the code that proves possession; the ok value is the factor's first `lastTotpStep` (OTP), else null. */
  confirm(pending: PendingEnrollment, code: string, now: number): Promise<Verdict<EnrollmentProof>>;
}

/** What a confirmed enrollment adds to the factor: OTP's first step, or a secret made at confirmation (FACE's template). */
export type EnrollmentProof = number | null | { secretSealed: string };

export interface EnrollmentRequest {
  app: AppRecord;
  userId: string;
  /** The account name shown in authenticator apps. */
  accountLabel: string;
  profile: FactorProfile;
  /** The pending enrollment's factor id (sealed secrets are bound to it) and token hash (codes are hashed with it). */
  factorId: string;
  tokenHash: string;
}

export interface EnrollmentMaterial {
  /** What the pending enrollment keeps for this method. */
  stored: Pick<PendingEnrollment, 'profile' | 'secretSealed' | 'codeHash' | 'recoveryCodeHash'>;
  /** A code to send once the pending enrollment is stored. */
  send?: { channel: CodeChannel; to: string; code: string };
  /** What the user is shown this once (OTP: the otpauth URI and the recovery code). */
  reveal?: { otpauthUri: string; recoveryCode: string };
}

export interface MethodDelivery {
  channel: CodeChannel;
  /** The bound factor's own address (E.164 or email): the only place its codes ever go. */
  addressOf(factor: FactorRecord): string | undefined;
  /** The bound factor's address when `named` names it, else undefined. */
  destinationOf(factor: FactorRecord, named: FactorProfile): string | undefined;
  /** The stored form of a code sent for a sign-in challenge (keyed, bound to the challenge and channel). */
  hashChallengeCode(code: string, challengeTokenHash: string): string;
}

/** An answer: the code, and for out-of-band codes the address the caller says it was sent to. */
export interface Answer {
  code: string;
  destination?: FactorProfile;
  /** PASSKEY: the assertion, and the ticket of the challenge it signed. */
  webauthn?: { ticket: string; credential: AuthenticationCredential };
}

export interface VerifyRequest {
  factor: FactorRecord;
  answer: Answer;
  /** The sign-in challenge being redeemed (it holds an out-of-band code); null for a step-up in a session. */
  challenge: MfaChallenge | null;
  now: number;
}

/**
 * Spends a matched answer: its compare-and-set writes, and `claim` at the point the method's guarantees
 * need it. The ok value is a replacement secret to show once (the recovery code), else null; `replayed`
 * when a concurrent use won.
 */
export type Spend = ((writes: SpendWrites) => Promise<Verdict<string | null>>) & {
  /** What this answer proved, when it depends on the answer (a passkey: synced or not, user verified or not). */
  readonly proves?: Proof;
};

export interface SpendWrites {
  /** The factor store, inside the flow's transaction. */
  factors: FactorRepository;
  /** The passkey store, inside the flow's transaction (absent for a step-up: passkeys do not step up there). */
  passkeys?: PasskeyStore;
  /**
   * Consumes the sign-in challenge (only while it still holds `codeHash`, when given); true for exactly one
   * caller. For a step-up there is nothing to consume: always true.
   */
  claim(codeHash?: string): Promise<boolean>;
}
