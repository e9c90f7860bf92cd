import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CodeHasher } from '../domain/ports.js';

/**
 * HMAC-SHA256 of a short code under a server key, bound to a context (the enrollment token hash), so a
 * stolen row neither shows the code nor lets one brute-force its 10^6 values offline (OOB-06).
 */
export function createCodeHasher(base64Key: string): CodeHasher {
  const key = Buffer.from(base64Key, 'base64');
  const digest = (code: string, context: string) => createHmac('sha256', key).update(`${context}\0${code}`).digest();
  return {
    hash: (code, context) => digest(code, context).toString('base64url'),
    matches(code, context, expectedHash) {
      const expected = Buffer.from(expectedHash, 'base64url');
      const actual = digest(code, context);
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    },
  };
}
