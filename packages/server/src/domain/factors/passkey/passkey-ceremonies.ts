import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { webAuthnLibrary } from './webauthn-library.js';
import type { AuthenticationCredential } from '@tessera/contract';
import type { AuditTrail } from '../../audit/audit-trail.js';
import { generateOpaqueToken, hashOpaqueToken } from '../../codes/one-time-codes.js';
import type { Clock, PasskeyCredential, PasskeyStore, Random, WebAuthnCeremony, WebAuthnChallenge } from '../../ports.js';
import type { RelyingParties } from './webauthn-options.js';

/** How long a browser has to answer a WebAuthn challenge (server side; the options ask for 60 s). */
export const CEREMONY_TTL_SECONDS = 120;
export const CEREMONY_TIMEOUT_MS = 60_000;
/** ES256, EdDSA, RS256 (COSE ids): what platform authenticators and security keys use. */
export const SUPPORTED_ALGORITHMS = [-7, -8, -257];

/** What an assertion proved; `counter-regressed` is a correct signature with a counter gone backwards. */
export type AssertionCheck =
  | { outcome: 'ok'; counter: number; backedUp: boolean; userVerified: boolean }
  | { outcome: 'failed' }
  | { outcome: 'counter-regressed' };

/**
 * The server side of every WebAuthn ceremony: challenges kept in the shared database under the hash of a
 * ticket (single use, short-lived, bound to the user and app), and the check of an assertion against the
 * app's RP id and origins (@simplewebauthn/server does the WebAuthn §7.2 steps).
 */
export function createPasskeyCeremonies(deps: {
  clock: Clock;
  random: Random;
  passkeys: PasskeyStore;
  relyingParties: RelyingParties;
  audit: AuditTrail;
}) {
  /** Keeps a challenge and answers its ticket, the only handle the client gets. */
  async function issue(input: { ceremony: WebAuthnCeremony; userId: string | null; appId: string; challenge: string; mfaTokenHash?: string }): Promise<string> {
    const ticket = generateOpaqueToken(deps.random);
    const now = deps.clock.now();
    await deps.passkeys.insertChallenge({
      ticketHash: hashOpaqueToken(ticket),
      ceremony: input.ceremony,
      userId: input.userId,
      appId: input.appId,
      challenge: input.challenge,
      mfaTokenHash: input.mfaTokenHash ?? null,
      expiresAt: now + CEREMONY_TTL_SECONDS * 1000,
      createdAt: now,
    });
    return ticket;
  }

  /** The live challenge of a ticket for this app and ceremony, without spending it. */
  async function find(ticket: string, appId: string, ceremony: WebAuthnCeremony): Promise<WebAuthnChallenge | undefined> {
    const challenge = await deps.passkeys.findChallenge(hashOpaqueToken(ticket), appId, deps.clock.now());
    return challenge?.ceremony === ceremony ? challenge : undefined;
  }

  /** Single use: true for exactly one of concurrent finishes. */
  function consume(challenge: WebAuthnChallenge): Promise<boolean> {
    return deps.passkeys.consumeChallenge(challenge.ticketHash, deps.clock.now());
  }

  /**
   * Checks an assertion by a stored passkey: challenge, origin, RP id, signature, user presence (and
   * verification when required). The signature counter is ours to judge: a counter that does not move
   * forward (when either side is non-zero) is a possible clone, answered `counter-regressed`.
   */
  async function checkAssertion(input: {
    challenge: WebAuthnChallenge;
    credential: PasskeyCredential;
    response: AuthenticationCredential;
    requireUserVerification: boolean;
  }): Promise<AssertionCheck> {
    const rp = await deps.relyingParties.of(input.challenge.appId);
    let info;
    try {
      const result = await (await webAuthnLibrary()).verifyAuthenticationResponse({
        response: input.response as unknown as AuthenticationResponseJSON,
        expectedChallenge: input.challenge.challenge,
        expectedOrigin: rp.origins,
        expectedRPID: rp.id,
        // Counter 0 here: the library would throw on a regression; we record it instead (below).
        credential: {
          id: input.credential.credentialId,
          publicKey: new Uint8Array(Buffer.from(input.credential.publicKey, 'base64url')),
          counter: 0,
        },
        requireUserVerification: input.requireUserVerification,
      });
      if (!result.verified) return { outcome: 'failed' };
      info = result.authenticationInfo;
    } catch {
      // Wrong origin, RP id, challenge, signature, malformed data: one answer for all.
      return { outcome: 'failed' };
    }
    const stored = input.credential.counter;
    if ((stored > 0 || info.newCounter > 0) && info.newCounter <= stored) return { outcome: 'counter-regressed' };
    return { outcome: 'ok', counter: info.newCounter, backedUp: info.credentialBackedUp, userVerified: info.userVerified };
  }

  /** A counter gone backwards: the passkey is flagged and the event audited, never silently accepted. */
  async function flagCounterRegression(credential: PasskeyCredential, appId: string): Promise<void> {
    await deps.passkeys.recordCounterRegression(credential.id, deps.clock.now());
    await deps.audit.record({
      type: 'passkey.counter-regression',
      outcome: 'failed',
      userId: credential.userId,
      factorType: 'PASSKEY',
      context: { appId, ip: null, userAgent: null },
      detail: { credentialId: credential.credentialId, storedCounter: credential.counter },
    });
  }

  return { issue, find, consume, checkAssertion, flagCounterRegression };
}

export type PasskeyCeremonies = ReturnType<typeof createPasskeyCeremonies>;
