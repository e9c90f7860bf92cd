import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ChallengeStore, MfaChallenge } from '../../src/domain/ports.js';
import { insertUser, newId, openSqlHarness, SQL_DIALECTS, type SqlHarness } from '../support/storage-implementations.js';

/**
 * ChallengeStore on every selected SQL dialect: the pending sign-in behind an mfaToken. An attempt is
 * spent atomically before a code is compared, so parallel guesses never get more than the challenge's
 * attempts (RL-04); a new code replaces the old one (OOB-04); and the challenge is consumed exactly once,
 * whatever the number of concurrent redemptions (RPL-01, AZ-04).
 */
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const TTL_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5;
const APP = 'app-1';

describe.each(SQL_DIALECTS)('ChallengeStore on %s', (dialect) => {
  let h: SqlHarness;
  let challenges: ChallengeStore;
  beforeAll(async () => {
    h = await openSqlHarness(dialect);
    challenges = h.store.challenges;
  });
  afterAll(() => h.close());

  async function pending(overrides: Partial<MfaChallenge> = {}): Promise<MfaChallenge> {
    const challenge: MfaChallenge = {
      tokenHash: newId(),
      kind: 'verify',
      userId: await insertUser(h.store),
      appId: APP,
      amr: ['pwd'],
      scope: 'openid profile',
      attempts: 0,
      codeChannel: null,
      codeHash: null,
      codeExpiresAt: null,
      expiresAt: NOW + TTL_MS,
      createdAt: NOW,
      ...overrides,
    };
    await challenges.insert(challenge);
    return challenge;
  }
  const smsCode = (hash: string, expiresAt = NOW + 60_000) => ({ channel: 'sms' as const, hash, expiresAt });

  describe('findActive', () => {
    test('answers the challenge as inserted, and spends nothing', async () => {
      const challenge = await pending({ kind: 'enroll', amr: ['pwd', 'otp'] });
      expect(await challenges.findActive(challenge.tokenHash, APP, NOW)).toEqual(challenge);
      expect(await challenges.findActive(challenge.tokenHash, APP, NOW)).toEqual(challenge);
    });

    test('answers nothing for an unknown token, another app, or once expired', async () => {
      const challenge = await pending();
      expect(await challenges.findActive(newId(), APP, NOW)).toBeUndefined();
      expect(await challenges.findActive(challenge.tokenHash, 'another-app', NOW)).toBeUndefined();
      expect(await challenges.findActive(challenge.tokenHash, APP, challenge.expiresAt - 1)).toBeDefined();
      expect(await challenges.findActive(challenge.tokenHash, APP, challenge.expiresAt)).toBeUndefined();
    });

    test('answers nothing once consumed', async () => {
      const challenge = await pending();
      expect(await challenges.consume(challenge.tokenHash, NOW)).toBe(true);
      expect(await challenges.findActive(challenge.tokenHash, APP, NOW)).toBeUndefined();
    });
  });

  describe('reserveAttempt', () => {
    test('spends one attempt per call and answers the challenge with the count, until none are left', async () => {
      const challenge = await pending();
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
        expect(await challenges.reserveAttempt(challenge.tokenHash, APP, NOW, MAX_ATTEMPTS)).toEqual({ ...challenge, attempts: attempt });
      }
      expect(await challenges.reserveAttempt(challenge.tokenHash, APP, NOW, MAX_ATTEMPTS)).toBeUndefined();
      expect((await challenges.findActive(challenge.tokenHash, APP, NOW))?.attempts).toBe(MAX_ATTEMPTS);
    });

    test('of 20 concurrent reservations exactly the allowed number are granted, each with its own count', async () => {
      const challenge = await pending();
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => challenges.reserveAttempt(challenge.tokenHash, APP, NOW, MAX_ATTEMPTS)),
      );
      const granted = answers.filter((answer) => answer !== undefined);
      expect(granted.map((answer) => answer.attempts).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
      expect((await challenges.findActive(challenge.tokenHash, APP, NOW))?.attempts).toBe(MAX_ATTEMPTS);
    });

    test('grants nothing for an unknown token, another app, an expired or a consumed challenge', async () => {
      const challenge = await pending();
      expect(await challenges.reserveAttempt(newId(), APP, NOW, MAX_ATTEMPTS)).toBeUndefined();
      expect(await challenges.reserveAttempt(challenge.tokenHash, 'another-app', NOW, MAX_ATTEMPTS)).toBeUndefined();
      expect(await challenges.reserveAttempt(challenge.tokenHash, APP, challenge.expiresAt, MAX_ATTEMPTS)).toBeUndefined();
      await challenges.consume(challenge.tokenHash, NOW);
      expect(await challenges.reserveAttempt(challenge.tokenHash, APP, NOW, MAX_ATTEMPTS)).toBeUndefined();
    });

    test('the other app and the refused calls spent nothing', async () => {
      const challenge = await pending();
      await challenges.reserveAttempt(challenge.tokenHash, 'another-app', NOW, MAX_ATTEMPTS);
      await challenges.reserveAttempt(challenge.tokenHash, APP, challenge.expiresAt, MAX_ATTEMPTS);
      expect((await challenges.findActive(challenge.tokenHash, APP, NOW))?.attempts).toBe(0);
    });
  });

  describe('setCode and clearCode', () => {
    test('setCode stores the code on an active challenge', async () => {
      const challenge = await pending();
      expect(await challenges.setCode(challenge.tokenHash, smsCode('hash-1'), NOW)).toBe(true);
      expect(await challenges.findActive(challenge.tokenHash, APP, NOW)).toMatchObject({
        codeChannel: 'sms',
        codeHash: 'hash-1',
        codeExpiresAt: NOW + 60_000,
      });
    });

    test('a new code replaces the previous one, which can no longer consume the challenge (OOB-04)', async () => {
      const challenge = await pending();
      await challenges.setCode(challenge.tokenHash, smsCode('old'), NOW);
      await challenges.setCode(challenge.tokenHash, { channel: 'email', hash: 'new', expiresAt: NOW + 60_000 }, NOW);
      expect(await challenges.findActive(challenge.tokenHash, APP, NOW)).toMatchObject({ codeChannel: 'email', codeHash: 'new' });
      expect(await challenges.consume(challenge.tokenHash, NOW, 'old')).toBe(false);
      expect(await challenges.consume(challenge.tokenHash, NOW, 'new')).toBe(true);
    });

    test('setCode answers false on an unknown, expired or consumed challenge', async () => {
      const challenge = await pending();
      expect(await challenges.setCode(newId(), smsCode('hash'), NOW)).toBe(false);
      expect(await challenges.setCode(challenge.tokenHash, smsCode('hash'), challenge.expiresAt)).toBe(false);
      await challenges.consume(challenge.tokenHash, NOW);
      expect(await challenges.setCode(challenge.tokenHash, smsCode('hash'), NOW)).toBe(false);
    });

    test('clearCode clears the code only while it is still the one named', async () => {
      const challenge = await pending();
      await challenges.setCode(challenge.tokenHash, smsCode('failed-delivery'), NOW);
      await challenges.setCode(challenge.tokenHash, smsCode('resent'), NOW);
      // The first delivery's failure arrives after the resend: it must not wipe the code that was sent.
      await challenges.clearCode(challenge.tokenHash, 'failed-delivery');
      expect((await challenges.findActive(challenge.tokenHash, APP, NOW))?.codeHash).toBe('resent');
      await challenges.clearCode(challenge.tokenHash, 'resent');
      expect(await challenges.findActive(challenge.tokenHash, APP, NOW)).toMatchObject({ codeChannel: null, codeHash: null, codeExpiresAt: null });
      expect(await challenges.consume(challenge.tokenHash, NOW, 'resent')).toBe(false);
    });
  });

  describe('consume', () => {
    test('consumes once: the second call answers false', async () => {
      const challenge = await pending();
      expect(await challenges.consume(challenge.tokenHash, NOW)).toBe(true);
      expect(await challenges.consume(challenge.tokenHash, NOW)).toBe(false);
    });

    test('of 20 concurrent consumes exactly one answers true', async () => {
      const challenge = await pending();
      const answers = await Promise.all(Array.from({ length: 20 }, () => challenges.consume(challenge.tokenHash, NOW)));
      expect(answers.filter(Boolean)).toHaveLength(1);
    });

    test('of 20 concurrent consumes with the right code exactly one answers true', async () => {
      const challenge = await pending();
      await challenges.setCode(challenge.tokenHash, smsCode('code'), NOW);
      const answers = await Promise.all(Array.from({ length: 20 }, () => challenges.consume(challenge.tokenHash, NOW, 'code')));
      expect(answers.filter(Boolean)).toHaveLength(1);
    });

    test('an expired challenge or an unknown token is not consumed', async () => {
      const challenge = await pending();
      expect(await challenges.consume(newId(), NOW)).toBe(false);
      expect(await challenges.consume(challenge.tokenHash, challenge.expiresAt)).toBe(false);
    });

    test('with a code: a wrong, missing or expired code leaves the challenge unconsumed', async () => {
      const challenge = await pending();
      expect(await challenges.consume(challenge.tokenHash, NOW, 'no-code-was-sent')).toBe(false);
      await challenges.setCode(challenge.tokenHash, smsCode('code', NOW + 60_000), NOW);
      expect(await challenges.consume(challenge.tokenHash, NOW, 'wrong')).toBe(false);
      expect(await challenges.consume(challenge.tokenHash, NOW + 60_000, 'code')).toBe(false);
      expect(await challenges.findActive(challenge.tokenHash, APP, NOW)).toBeDefined();
      expect(await challenges.consume(challenge.tokenHash, NOW + 59_999, 'code')).toBe(true);
    });
  });
});
