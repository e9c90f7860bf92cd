import type { FactorProfile } from '@tessera/contract';
import { generatePassCode } from '../codes/one-time-codes.js';
import type { CodeChannel, CodeHasher, FactorContact, FactorRecord, Random } from '../ports.js';
import { FAILED, REPLAYED } from '../verification/verdict.js';
import type { FactorMethod } from './factor-method.js';

/** What an SMS or email factor adds to the shared out-of-band code method. */
export interface OutOfBandChannel {
  name: 'SMS' | 'EMAIL';
  channel: CodeChannel;
  proves: FactorMethod['proves'];
  /** Validates the address of a new binding: what the factor keeps, and where codes go. */
  parse(profile: FactorProfile): { contact: FactorContact; to: string };
  /** The bound factor's own address. */
  addressOf(factor: FactorRecord): string | undefined;
  /** The bound factor's address when `named` names the same one, else undefined. */
  destinationOf(factor: FactorRecord, named: FactorProfile): string | undefined;
  describeForChallenge(factor: FactorRecord): ReturnType<FactorMethod['describeForChallenge']>;
}

/**
 * A 6-digit code sent to a phone or a mailbox (OOB-01). Binding sends one to the new address; a sign-in
 * challenge gets one sent to the bound address only, hashed with the challenge and channel so it is good
 * for that challenge and nothing else (OOB-03), and single use with it.
 */
export function createOutOfBandCodeMethod(spec: OutOfBandChannel, deps: { random: Random; codeHasher: CodeHasher }): FactorMethod {
  const hashChallengeCode = (code: string, challengeTokenHash: string) => deps.codeHasher.hash(code, challengeCodeContext(challengeTokenHash, spec.channel));

  return {
    name: spec.name,
    factorType: spec.name,
    proves: spec.proves,
    errors: { notBound: 'FACTOR_NOT_FOUND', wrongAnswer: 'WRONG_CODE' },
    enrollment: {
      async start({ profile, tokenHash }) {
        const { contact, to } = spec.parse(profile);
        const code = generatePassCode(deps.random);
        return {
          stored: { profile: contact, secretSealed: null, codeHash: deps.codeHasher.hash(code, tokenHash), recoveryCodeHash: null },
          send: { channel: spec.channel, to, code },
        };
      },
      async confirm(pending, code) {
        return pending.codeHash && deps.codeHasher.matches(code, pending.tokenHash, pending.codeHash) ? { outcome: 'ok', value: null } : FAILED;
      },
    },
    delivery: { channel: spec.channel, addressOf: spec.addressOf, destinationOf: spec.destinationOf, hashChallengeCode },
    async verify({ factor, answer, challenge, now }) {
      const codeHash = challenge?.codeHash ?? null;
      const sentHere = challenge?.codeChannel === spec.channel && codeHash !== null && (challenge.codeExpiresAt ?? 0) > now;
      // OOB-03: the code is bound to this challenge and to the factor it was sent to.
      if (
        !sentHere ||
        !spec.destinationOf(factor, answer.destination ?? {}) ||
        !deps.codeHasher.matches(answer.code, challengeCodeContext(challenge.tokenHash, spec.channel), codeHash)
      ) {
        return FAILED;
      }
      return { outcome: 'ok', value: async ({ claim }) => ((await claim(codeHash)) ? { outcome: 'ok', value: null } : REPLAYED) };
    },
    publicProfile: (factor) => ({ ...factor.profile }),
    describeForChallenge: spec.describeForChallenge,
  };
}

function challengeCodeContext(challengeTokenHash: string, channel: CodeChannel): string {
  return `mfa:${challengeTokenHash}:${channel}`;
}
