/**
 * Attack: predicting or narrowing down a code. A code from Math.random, a short code, or one whose digits
 * are skewed (e.g. a modulo bias, or leading zeros dropped) leaves fewer than 10^6 likely values.
 * Defence (OOB-01; NIST 800-63B §3.1.3.2): 6 decimal digits from the CSPRNG, uniform over 000000–999999.
 */
import { describe, expect, test } from 'vitest';
import { cryptoRandom } from '../../src/crypto/random.js';
import { generatePassCode } from '../../src/domain/codes/one-time-codes.js';

const SAMPLES = 1000;
const codes = Array.from({ length: SAMPLES }, () => generatePassCode(cryptoRandom));

describe('generated pass codes', () => {
  test('1,000 codes are all strings of exactly 6 decimal digits', () => {
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
  });

  test('first digits are spread evenly, leading zeros included (each 100 ± 60 of 1,000)', () => {
    // 100 expected per digit, standard deviation ≈ 9.5: the bound is over six deviations wide.
    const counts = Array.from({ length: 10 }, (_, digit) => codes.filter((code) => code.startsWith(String(digit))).length);
    for (const count of counts) {
      expect(count).toBeGreaterThan(40);
      expect(count).toBeLessThan(160);
    }
  });

  test('duplicates are as rare as chance allows (about 0.5 expected among 1,000)', () => {
    expect(SAMPLES - new Set(codes).size).toBeLessThanOrEqual(5);
  });
});
