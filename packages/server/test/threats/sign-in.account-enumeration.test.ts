/**
 * Attack: learn which accounts exist — and so which to phish or spray — from how sign-in answers: a
 * different message for an unknown account, or a faster answer because no password hash was checked.
 * Unknown account, wrong password and wrong client secret get one answer (http/accounts.test.ts), and an
 * unknown account still pays for one argon2id verification, so its answer takes as long (AZ-03).
 * Measured on the hasher itself: the HTTP path adds noise on a shared machine, and the comparison needs
 * only the order of magnitude (a missing verification answers in microseconds, not tens of milliseconds).
 */
import { performance } from 'node:perf_hooks';
import { describe, expect, test } from 'vitest';
import { createArgon2Hasher } from '../../src/crypto/password-hasher.js';
import { NO_PASSWORD } from '../../src/domain/migration/imported-password-hash.js';

const SAMPLES = 7;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

describe('sign-in timing for an unknown account', () => {
  test('the verification burnt for an unknown account takes as long as checking a wrong password', async () => {
    const hasher = createArgon2Hasher();
    const stored = await hasher.hash('the real password of a real account');
    await hasher.burnVerification('warm-up'); // the dummy hash is made once, on first use
    const wrongPassword: number[] = [];
    const unknownAccount: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      wrongPassword.push(await timed(() => hasher.verify(stored, `wrong password ${i}`)));
      unknownAccount.push(await timed(() => hasher.burnVerification(`any password ${i}`)));
    }
    expect(median(unknownAccount)).toBeGreaterThan(median(wrongPassword) / 2);
    expect(median(unknownAccount)).toBeLessThan(median(wrongPassword) * 2);
  });

  test('an account imported without a password takes as long to refuse as a wrong password (AZ-03)', async () => {
    const hasher = createArgon2Hasher();
    const stored = await hasher.hash('the real password of a real account');
    await hasher.burnVerification('warm-up');
    const wrongPassword: number[] = [];
    const noPassword: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      wrongPassword.push(await timed(() => hasher.verify(stored, `wrong password ${i}`)));
      noPassword.push(await timed(async () => expect(await hasher.verify(NO_PASSWORD, `any password ${i}`)).toBe(false)));
    }
    expect(median(noPassword)).toBeGreaterThan(median(wrongPassword) / 2);
    expect(median(noPassword)).toBeLessThan(median(wrongPassword) * 2);
  });
});
