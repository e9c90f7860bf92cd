import { describe, expect, test } from 'vitest';
import { findMatchingStep, generateTotp, type HashAlgorithm } from '../../src/domain/factors/otp/totp.js';

/**
 * RFC 6238 Appendix B: T0 = 0, X = 30 s, 8 digits. Each algorithm has its own seed whose length matches
 * the hash output (a common bug feeds the 20-byte seed to all three). TOTP-01: all 18 vectors.
 */
const SEEDS: Record<HashAlgorithm, Buffer> = {
  SHA1: Buffer.from('12345678901234567890', 'ascii'),
  SHA256: Buffer.from('12345678901234567890123456789012', 'ascii'),
  SHA512: Buffer.from('1234567890'.repeat(6) + '1234', 'ascii'),
};

const RFC6238_APPENDIX_B: ReadonlyArray<{ unixSeconds: number; algorithm: HashAlgorithm; totp: string }> = [
  { unixSeconds: 59, algorithm: 'SHA1', totp: '94287082' },
  { unixSeconds: 59, algorithm: 'SHA256', totp: '46119246' },
  { unixSeconds: 59, algorithm: 'SHA512', totp: '90693936' },
  { unixSeconds: 1111111109, algorithm: 'SHA1', totp: '07081804' },
  { unixSeconds: 1111111109, algorithm: 'SHA256', totp: '68084774' },
  { unixSeconds: 1111111109, algorithm: 'SHA512', totp: '25091201' },
  { unixSeconds: 1111111111, algorithm: 'SHA1', totp: '14050471' },
  { unixSeconds: 1111111111, algorithm: 'SHA256', totp: '67062674' },
  { unixSeconds: 1111111111, algorithm: 'SHA512', totp: '99943326' },
  { unixSeconds: 1234567890, algorithm: 'SHA1', totp: '89005924' },
  { unixSeconds: 1234567890, algorithm: 'SHA256', totp: '91819424' },
  { unixSeconds: 1234567890, algorithm: 'SHA512', totp: '93441116' },
  { unixSeconds: 2000000000, algorithm: 'SHA1', totp: '69279037' },
  { unixSeconds: 2000000000, algorithm: 'SHA256', totp: '90698825' },
  { unixSeconds: 2000000000, algorithm: 'SHA512', totp: '38618901' },
  { unixSeconds: 20000000000, algorithm: 'SHA1', totp: '65353130' },
  { unixSeconds: 20000000000, algorithm: 'SHA256', totp: '77737706' },
  { unixSeconds: 20000000000, algorithm: 'SHA512', totp: '47863826' },
];

describe('RFC 6238 Appendix B TOTP vectors', () => {
  test.each(RFC6238_APPENDIX_B)('$algorithm at $unixSeconds s gives $totp', ({ unixSeconds, algorithm, totp }) => {
    expect(generateTotp(SEEDS[algorithm], unixSeconds * 1000, { algorithm, digits: 8 })).toBe(totp);
  });

  test('the 6-digit SHA1 code at 59 s is the last six digits of the 8-digit vector', () => {
    expect(generateTotp(SEEDS.SHA1, 59_000)).toBe('287082');
  });

  test('leading zeros are kept', () => {
    expect(generateTotp(SEEDS.SHA1, 1111111109_000, { algorithm: 'SHA1', digits: 8 })).toBe('07081804');
  });
});

describe('acceptance window (RFC 6238 §5.2: one step of drift; TOTP-04)', () => {
  const secret = SEEDS.SHA1;
  // Mid-step, well away from a boundary.
  const now = 1_700_000_015_000;
  const step = Math.floor(now / 30_000);
  const codeAtStep = (s: number) => generateTotp(secret, s * 30_000);

  test.each([
    { offset: -1, accepted: true },
    { offset: 0, accepted: true },
    { offset: 1, accepted: true },
    { offset: -2, accepted: false },
    { offset: 2, accepted: false },
  ])('a code from step T$offset is accepted: $accepted', ({ offset, accepted }) => {
    expect(findMatchingStep(secret, codeAtStep(step + offset), now)).toBe(accepted ? step + offset : undefined);
  });

  test.each(['', '12345', '1234567', ' 123456', '12345a', '１２３４５６'])('malformed code %j matches nothing', (code) => {
    expect(findMatchingStep(secret, code, now)).toBeUndefined();
  });
});
