import type { PasskeySummary } from '@tessera/contract';
import { TesseraError } from '../../errors.js';
import type { Clock, PasskeyCredential, PasskeyStore } from '../../ports.js';
import { AMR } from '../../sessions/assurance.js';
import { FAILED, REPLAYED, type Verdict } from '../../verification/verdict.js';
import type { Proof } from '../../sessions/assurance.js';
import type { FactorMethod, SpendWrites } from '../factor-method.js';
import type { PasskeyCeremonies } from './passkey-ceremonies.js';

/**
 * Passkeys (WebAuthn) as a second factor: the only phishing-resistant one, since the signature covers the
 * origin. A user's passkeys hang from one PASSKEY factor row; they are bound through the WebAuthn
 * registration endpoints (flows/passkeys.ts), and the sign-in second step answers a challenge issued by
 * POST /api/v3/webauthn/mfa-verify/initialize for that sign-in only.
 */
export function createPasskeyMethod(deps: { clock: Clock; passkeys: PasskeyStore; ceremonies: PasskeyCeremonies }): FactorMethod {
  return {
    name: 'PASSKEY',
    factorType: 'PASSKEY',
    proves: { amr: AMR.hardwareKey, aal: 'aal2' },
    errors: { notBound: 'PASSKEY_NOT_BOUND', wrongAnswer: 'WRONG_CODE' },
    enrollment: {
      // A passkey needs the browser's create() between the two steps: it binds through /api/v3/webauthn/registration.
      start: async () => {
        throw new TesseraError('PASSKEY_BINDS_THROUGH_WEBAUTHN');
      },
      confirm: async () => FAILED,
    },
    async verify({ factor, answer, challenge }) {
      const assertion = answer.webauthn;
      // A passkey answers a sign-in challenge only; a session steps up with another factor.
      if (!assertion || !challenge) return FAILED;
      const issued = await deps.ceremonies.find(assertion.ticket, challenge.appId, 'mfa');
      // The WebAuthn challenge was issued for this very sign-in and user.
      if (!issued || issued.userId !== factor.userId || issued.mfaTokenHash !== challenge.tokenHash) return FAILED;
      const credential = await deps.passkeys.findByCredentialId(assertion.credential.id);
      // Another user's passkey is no answer, even with a valid signature.
      if (!credential || credential.userId !== factor.userId || credential.factorId !== factor.id) return FAILED;
      const checked = await deps.ceremonies.checkAssertion({ challenge: issued, credential, response: assertion.credential, requireUserVerification: false });
      if (checked.outcome === 'counter-regressed') {
        await deps.ceremonies.flagCounterRegression(credential, challenge.appId);
        return FAILED;
      }
      if (checked.outcome !== 'ok') return FAILED;
      // A synced passkey is a software key at aal2; one bound to its authenticator, user verified, is aal3.
      const proves: Proof = {
        amr: checked.backedUp ? AMR.softwareKey : AMR.hardwareKey,
        aal: checked.userVerified && !checked.backedUp ? 'aal3' : 'aal2',
      };
      const spend = async ({ passkeys, claim }: SpendWrites): Promise<Verdict<string | null>> => {
        if (!passkeys) return FAILED;
        // Single use: the WebAuthn challenge, the counter (compare-and-set), then the sign-in challenge.
        if (!(await passkeys.consumeChallenge(issued.ticketHash, deps.clock.now()))) return REPLAYED;
        if (!(await passkeys.recordUse(credential.id, credential.counter, { counter: checked.counter, backedUp: checked.backedUp, at: deps.clock.now() }))) {
          return REPLAYED;
        }
        if (!(await claim())) return REPLAYED;
        return { outcome: 'ok', value: null };
      };
      return { outcome: 'ok', value: Object.assign(spend, { proves }) };
    },
    publicProfile: () => ({}),
    async loadProfile(factor) {
      const credentials = await deps.passkeys.listByUser(factor.userId);
      return { passkeys: credentials.filter((credential) => credential.factorId === factor.id).map(toPasskeySummary) };
    },
    describeForChallenge: () => ({}),
  };
}

/** A passkey as its owner sees it: never the key. */
export function toPasskeySummary(credential: PasskeyCredential): PasskeySummary {
  return {
    credentialId: credential.credentialId,
    name: credential.name,
    createdAt: new Date(credential.createdAt).toISOString(),
    lastUsedAt: credential.lastUsedAt === null ? null : new Date(credential.lastUsedAt).toISOString(),
    transports: credential.transports,
    backedUp: credential.backedUp,
  };
}
