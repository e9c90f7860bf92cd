import { describe, expect, test } from 'vitest';
import { generateHotp } from '../../src/domain/factors/otp/totp.js';

/** RFC 4226 Appendix D: secret = ASCII "12345678901234567890", 6 digits (TOTP-01: all 10 HOTP vectors). */
const RFC4226_SECRET = Buffer.from('12345678901234567890', 'ascii');

const RFC4226_APPENDIX_D: ReadonlyArray<{ count: number; hotp: string }> = [
  { count: 0, hotp: '755224' },
  { count: 1, hotp: '287082' },
  { count: 2, hotp: '359152' },
  { count: 3, hotp: '969429' },
  { count: 4, hotp: '338314' },
  { count: 5, hotp: '254676' },
  { count: 6, hotp: '287922' },
  { count: 7, hotp: '162583' },
  { count: 8, hotp: '399871' },
  { count: 9, hotp: '520489' },
];

describe('RFC 4226 Appendix D HOTP vectors', () => {
  test.each(RFC4226_APPENDIX_D)('count $count gives $hotp', ({ count, hotp }) => {
    expect(generateHotp(RFC4226_SECRET, count, { algorithm: 'SHA1', digits: 6 })).toBe(hotp);
  });
});
