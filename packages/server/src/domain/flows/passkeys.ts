import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import type { AuthenticationCredential, PasskeySummary, RegistrationCredential } from '@tessera/contract';
import type { AuditTrail, RequestContext } from '../audit/audit-trail.js';
import { generateId, generateOpaqueToken, hashOpaqueToken } from '../codes/one-time-codes.js';
import { TesseraError } from '../errors.js';
import { webAuthnHelpers, webAuthnLibrary } from '../factors/passkey/webauthn-library.js';
import { CEREMONY_TIMEOUT_MS, SUPPORTED_ALGORITHMS, type PasskeyCeremonies } from '../factors/passkey/passkey-ceremonies.js';
import { toPasskeySummary } from '../factors/passkey/passkey-method.js';
import type { RelyingParties } from '../factors/passkey/webauthn-options.js';
import type { FactorRegistry } from '../factors/registry.js';
import type { AppRecord, ChallengeStore, Clock, PasskeyStore, Random, RateCounter, UserRepository } from '../ports.js';
import { AMR } from '../sessions/assurance.js';
import type { SessionService } from '../sessions/session-service.js';
import type { SecurityNotices } from '../notifications/security-notices.js';
import { FAILED, REPLAYED, type Verdict } from '../verification/verdict.js';
import type { VerificationGuard } from '../verification/verification-guard.js';
import type { Caller } from './caller.js';

/** The access token of a passwordless sign-in, in the shape of LoginTokenResponseDataDto. */
export interface PasskeyTokenSet {
  scope: string;
  access_token: string;
  token_type: 'bearer';
  expire_in: number;
}

const HOUR_MS = 3_600_000;

/** What the authenticator code of verifyRegister names, as the passkey's default name. */
const DEFAULT_NAMES: Record<string, string> = { fingerprint: 'Fingerprint', face: 'Face', other: 'Passkey' };

/**
 * Passkeys (WebAuthn Level 3) end to end: binding one in a session, passwordless sign-in with a discoverable
 * passkey, the challenge of a sign-in's second step, and the user's own management (list, rename, remove).
 * The second step itself is redeemed like any factor (flows/redeem-sign-in-challenge.ts).
 */
export function createPasskeyFlows(deps: {
  clock: Clock;
  random: Random;
  registry: FactorRegistry;
  passkeys: PasskeyStore;
  ceremonies: PasskeyCeremonies;
  relyingParties: RelyingParties;
  users: UserRepository;
  challenges: ChallengeStore;
  sessions: SessionService;
  guard: VerificationGuard;
  audit: AuditTrail;
  notices: SecurityNotices;
  counter: RateCounter;
  policy: { maxSignInsPerIpPerHour: number };
}) {
  const { clock } = deps;

  /** GET /api/v3/webauthn/registration: options for navigator.credentials.create(), and their ticket. */
  async function startRegistration(caller: Caller) {
    // ENR-02: with a factor bound, adding a passkey needs a second factor proven recently.
    await deps.sessions.assertRecentSecondFactor(caller.userId, caller.session);
    deps.registry.assertOffered(caller.app, 'PASSKEY');
    const user = await deps.users.findById(caller.userId);
    if (!user) throw new TesseraError('FACTOR_NOT_FOUND');
    const rp = await deps.relyingParties.of(caller.app.id);
    // The user handle is random and stable, never an email: it is stored on the authenticator.
    const handle = await deps.passkeys.userHandleOf(user.id, generateOpaqueToken(deps.random));
    const existing = await deps.passkeys.listByUser(user.id);
    const registrationOptions = await (await webAuthnLibrary()).generateRegistrationOptions({
      rpName: caller.app.name,
      rpID: rp.id,
      userName: user.email ?? user.username ?? user.phone ?? user.id,
      userID: new Uint8Array(Buffer.from(handle, 'base64url')),
      challenge: new Uint8Array(deps.random.bytes(32)),
      timeout: CEREMONY_TIMEOUT_MS,
      attestationType: rp.attestation === 'trusted' ? 'direct' : 'none',
      excludeCredentials: existing.map((credential) => ({ id: credential.credentialId, transports: credential.transports })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
      supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    });
    const ticket = await deps.ceremonies.issue({ ceremony: 'register', userId: user.id, appId: caller.app.id, challenge: registrationOptions.challenge });
    return { registrationOptions, ticket };
  }

  /** POST /api/v3/webauthn/registration: checks the attestation and binds the passkey. */
  async function finishRegistration(
    caller: Caller,
    input: { ticket: string; credential: RegistrationCredential; authenticatorCode?: string | null; name?: string },
    context: RequestContext,
  ): Promise<{ verified: boolean }> {
    await deps.sessions.assertRecentSecondFactor(caller.userId, caller.session);
    deps.registry.assertOffered(caller.app, 'PASSKEY');
    const issued = await deps.ceremonies.find(input.ticket, caller.app.id, 'register');
    if (!issued || issued.userId !== caller.userId || !(await deps.ceremonies.consume(issued))) throw new TesseraError('WEBAUTHN_TICKET_INVALID');
    const rp = await deps.relyingParties.of(caller.app.id);
    let registration;
    try {
      const result = await (await webAuthnLibrary()).verifyRegistrationResponse({
        response: input.credential as unknown as RegistrationResponseJSON,
        expectedChallenge: issued.challenge,
        expectedOrigin: rp.origins,
        expectedRPID: rp.id,
        requireUserVerification: false,
        supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
      });
      registration = result.verified ? result.registrationInfo : undefined;
    } catch {
      registration = undefined;
    }
    // An app that asks for a trusted attestation refuses `none` (and self-attestation, which proves nothing).
    const trusted = registration && registration.fmt !== 'none' && (registration.fmt !== 'packed' || (await hasCertificateChain(registration.attestationObject)));
    if (!registration || (rp.attestation === 'trusted' && !trusted)) {
      await deps.audit.record({ type: 'factor.enroll', outcome: 'failed', userId: caller.userId, factorType: 'PASSKEY', via: 'enrollment', context });
      return { verified: false };
    }
    const now = clock.now();
    const code = input.authenticatorCode ?? 'other';
    const bound = await deps.passkeys.bind(
      { id: generateId(deps.random), userId: caller.userId, type: 'PASSKEY', profile: {}, secretSealed: null, lastTotpStep: null, recoveryCodeHash: null, createdAt: now },
      {
        id: generateId(deps.random),
        userId: caller.userId,
        credentialId: registration.credential.id,
        publicKey: Buffer.from(registration.credential.publicKey).toString('base64url'),
        counter: registration.credential.counter,
        transports: input.credential.response.transports ?? input.credential.transports ?? [],
        backedUp: registration.credentialBackedUp,
        deviceType: registration.credentialDeviceType,
        authenticatorCode: code,
        name: input.name ?? DEFAULT_NAMES[code] ?? 'Passkey',
        rpId: rp.id,
        counterRegressions: 0,
        flaggedAt: null,
        createdAt: now,
        lastUsedAt: null,
      },
    );
    if (bound === 'duplicate') return { verified: false };
    if (caller.session) await deps.sessions.recordSecondFactor(caller.session, deps.registry.method('PASSKEY').proves);
    await deps.audit.record({ type: 'factor.enroll', outcome: 'ok', userId: caller.userId, factorType: 'PASSKEY', via: 'enrollment', context });
    // ENR-08: the holder hears of it over another channel.
    await deps.notices.notify({ userId: caller.userId, event: 'factor-bound', factorType: 'PASSKEY', context });
    return { verified: true };
  }

  /**
   * GET /api/v3/webauthn/authentication, POST /api/v3/webauthn/login/initialize: any discoverable passkey.
   * Anyone may ask, and each answer keeps a challenge: capped per client IP in the shared counter.
   */
  async function startSignIn(app: AppRecord, clientIp: string) {
    deps.registry.assertOffered(app, 'PASSKEY');
    const now = clock.now();
    const { count, resetsAt } = await deps.counter.increment(`passkey-sign-in-ip-hour:${clientIp}`, HOUR_MS, now);
    if (count > deps.policy.maxSignInsPerIpPerHour) {
      const retryAfterSeconds = Math.max(1, Math.ceil((resetsAt - now) / 1000));
      throw new TesseraError('PASSKEY_SIGN_IN_LIMIT_REACHED', { retryAfterSeconds }, { retryAfterSeconds });
    }
    const rp = await deps.relyingParties.of(app.id);
    const authenticationOptions = await (await webAuthnLibrary()).generateAuthenticationOptions({
      rpID: rp.id,
      challenge: new Uint8Array(deps.random.bytes(32)),
      timeout: CEREMONY_TIMEOUT_MS,
      // Passwordless means the passkey is both factors: the user must be verified on the authenticator.
      userVerification: 'required',
    });
    const ticket = await deps.ceremonies.issue({ ceremony: 'sign-in', userId: null, appId: app.id, challenge: authenticationOptions.challenge });
    return { authenticationOptions, ticket };
  }

  /**
   * POST /api/v3/webauthn/authentication, /api/v3/webauthn/login/finalize: a discoverable passkey with user
   * verification signs in at aal2 (something held, and a PIN or biometric on it). Anything else is
   * `verified: false`; every attempt passes the account's failure budget.
   */
  async function finishSignIn(
    app: AppRecord,
    input: { ticket: string; credential: AuthenticationCredential; scope?: string },
    context: RequestContext,
  ): Promise<{ verified: false } | { verified: true; tokenSet: PasskeyTokenSet }> {
    deps.registry.assertOffered(app, 'PASSKEY');
    const issued = await deps.ceremonies.find(input.ticket, app.id, 'sign-in');
    // A challenge is answered once, right or wrong: spent before anything is checked.
    if (!issued || !(await deps.ceremonies.consume(issued))) throw new TesseraError('WEBAUTHN_TICKET_INVALID');
    const credential = await deps.passkeys.findByCredentialId(input.credential.id);
    const handle = input.credential.response.userHandle;
    // The user handle the authenticator returns must be the one of the passkey's owner.
    const owner = credential && handle ? await deps.passkeys.userIdByHandle(handle) : undefined;
    if (!credential || owner !== credential.userId) return { verified: false };
    const subject = { userId: credential.userId, factorType: 'PASSKEY' as const, via: 'sign-in', context };
    const verdict = await deps.guard.run(subject, async (): Promise<Verdict<{ backedUp: boolean }>> => {
      const checked = await deps.ceremonies.checkAssertion({ challenge: issued, credential, response: input.credential, requireUserVerification: true });
      if (checked.outcome === 'counter-regressed') await deps.ceremonies.flagCounterRegression(credential, app.id);
      if (checked.outcome !== 'ok') return FAILED;
      // Single use: the counter moves by compare-and-set (a concurrent use of the same reading loses).
      if (!(await deps.passkeys.recordUse(credential.id, credential.counter, { counter: checked.counter, backedUp: checked.backedUp, at: clock.now() }))) {
        return REPLAYED;
      }
      return { outcome: 'ok', value: { backedUp: checked.backedUp } };
    });
    if (verdict.outcome !== 'ok') return { verified: false };

    const scope = input.scope?.trim() || 'openid profile';
    const amr = [verdict.value.backedUp ? AMR.softwareKey : AMR.hardwareKey, AMR.multiFactor];
    // NIST SP 800-63B: a synced passkey stays aal2; one bound to its authenticator, user verified, is aal3.
    const aal = verdict.value.backedUp ? 'aal2' : 'aal3';
    const started = await deps.sessions.start({ userId: credential.userId, appId: app.id, scope, amr, aal, secondFactorAt: clock.now() });
    await deps.users.recordLogin(credential.userId, clock.now());
    await deps.audit.record({ type: 'sign-in', outcome: 'ok', userId: credential.userId, factorType: 'PASSKEY', via: 'sign-in', context, detail: { acr: aal } });
    return { verified: true, tokenSet: { scope, access_token: started.accessToken, token_type: 'bearer', expire_in: started.expiresInSeconds } };
  }

  /** POST /api/v3/webauthn/mfa-verify/initialize: the challenge a passkey signs to answer this sign-in's 1635. */
  async function startSecondStep(app: AppRecord, mfaToken: string) {
    const challenge = await deps.challenges.findActive(hashOpaqueToken(mfaToken), app.id, clock.now());
    // A 1636 (enroll) token qualifies too once its passkey is bound, as it does for a fresh TOTP code.
    if (!challenge) throw new TesseraError('MFA_TOKEN_INVALID');
    const credentials = deps.registry.offeredTypes(app).includes('PASSKEY') ? await deps.passkeys.listByUser(challenge.userId) : [];
    if (credentials.length === 0) throw new TesseraError('PASSKEY_NOT_BOUND');
    const rp = await deps.relyingParties.of(app.id);
    const authenticationOptions = await (await webAuthnLibrary()).generateAuthenticationOptions({
      rpID: rp.id,
      challenge: new Uint8Array(deps.random.bytes(32)),
      timeout: CEREMONY_TIMEOUT_MS,
      allowCredentials: credentials.map((credential) => ({ id: credential.credentialId, transports: credential.transports as never })),
      userVerification: 'preferred',
    });
    const ticket = await deps.ceremonies.issue({
      ceremony: 'mfa',
      userId: challenge.userId,
      appId: app.id,
      challenge: authenticationOptions.challenge,
      mfaTokenHash: challenge.tokenHash,
    });
    return { authenticationOptions, ticket };
  }

  /** The user's passkeys, a page of them. */
  async function list(userId: string, page = 1, limit = 10): Promise<{ totalCount: number; list: PasskeySummary[] }> {
    const all = await deps.passkeys.listByUser(userId);
    return { totalCount: all.length, list: all.slice((page - 1) * limit, page * limit).map(toPasskeySummary) };
  }

  /** Which of these credential ids are the user's own passkeys (the others are unknown or someone else's). */
  async function validCredentialIds(userId: string, credentialIds: readonly string[]): Promise<string[]> {
    const own = new Set((await deps.passkeys.listByUser(userId)).map((credential) => credential.credentialId));
    return credentialIds.filter((id) => own.has(id));
  }

  async function rename(caller: Caller, credentialId: string, name: string): Promise<void> {
    // AZ-01: another user's passkey answers exactly like one that does not exist.
    if (!(await deps.passkeys.rename(caller.userId, credentialId, name))) throw new TesseraError('FACTOR_NOT_FOUND');
  }

  /**
   * Removes the user's passkeys: those named, or those registered with an authenticator code, or all.
   * ENR-03 like reset-factor: a recent second factor, and the user's other sessions end.
   */
  async function remove(caller: Caller, which: { credentialIds: readonly string[] } | { authenticatorCode: string | null }, context: RequestContext) {
    await deps.sessions.assertRecentSecondFactor(caller.userId, caller.session);
    const mine = await deps.passkeys.listByUser(caller.userId);
    const chosen =
      'credentialIds' in which
        ? mine.filter((credential) => which.credentialIds.includes(credential.credentialId))
        : mine.filter((credential) => which.authenticatorCode === null || credential.authenticatorCode === which.authenticatorCode);
    if (chosen.length === 0) throw new TesseraError('FACTOR_NOT_FOUND');
    await deps.passkeys.remove(caller.userId, chosen.map((credential) => credential.credentialId));
    const revokedSessions = await deps.sessions.revokeOthers(caller.userId, caller.session);
    await deps.audit.record({
      type: 'factor.reset',
      outcome: 'ok',
      userId: caller.userId,
      factorType: 'PASSKEY',
      via: 'self-service',
      context,
      detail: { passkeys: chosen.length, revokedSessions },
    });
    await deps.notices.notify({ userId: caller.userId, event: 'factor-removed', factorType: 'PASSKEY', context });
  }

  return { startRegistration, finishRegistration, startSignIn, finishSignIn, startSecondStep, list, validCredentialIds, rename, remove };
}

export type PasskeyFlows = ReturnType<typeof createPasskeyFlows>;

/** A packed attestation with `x5c` is signed by its maker; without, it is self-attestation. */
async function hasCertificateChain(attestationObject: Uint8Array): Promise<boolean> {
  const { decodeAttestationObject } = await webAuthnHelpers();
  return decodeAttestationObject(attestationObject as Uint8Array<ArrayBuffer>).get('attStmt').get('x5c') !== undefined;
}
