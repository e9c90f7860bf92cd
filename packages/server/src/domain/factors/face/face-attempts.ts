import { TesseraError } from '../../errors.js';
import type { FaceAttemptStore } from '../../ports.js';

/**
 * BIO-02 (NIST SP 800-63B 3.2.3): biometric failures are limited per factor, server-side, on top of the
 * account's failure budget. After `slowAfter` consecutive failures every attempt waits `minGapSeconds`
 * after the previous one; at `disableAt` the face factor stops working until it is reset, and the user
 * signs in with another factor (BIO-01 guarantees there is one).
 */
export const FACE_ATTEMPT_POLICY = { slowAfter: 5, minGapSeconds: 30, disableAt: 50 } as const;

export function createFaceAttempts(store: FaceAttemptStore, policy: { slowAfter: number; minGapSeconds: number; disableAt: number } = FACE_ATTEMPT_POLICY) {
  const rule = { slowAfter: policy.slowAfter, minGapMs: policy.minGapSeconds * 1000, disableAt: policy.disableAt };
  return {
    /** Lets one comparison start, or throws FACE_RETRY_LATER (429, Retry-After) / FACE_DISABLED. */
    async begin(factorId: string, now: number): Promise<void> {
      const { allowed, row } = await store.begin(factorId, now, rule);
      if (allowed) return;
      if (row.failures >= rule.disableAt) throw new TesseraError('FACE_DISABLED');
      const retryAfterSeconds = Math.max(1, Math.ceil((row.lastAttemptAt + rule.minGapMs - now) / 1000));
      throw new TesseraError('FACE_RETRY_LATER', { retryAfterSeconds }, { retryAfterSeconds });
    },
    recordFailure: (factorId: string) => store.addFailure(factorId),
    recordSuccess: (factorId: string) => store.clear(factorId),
    /** Disabled after too many failures: the factor no longer answers a challenge. */
    isDisabled: async (factorId: string) => (await store.read(factorId)).failures >= rule.disableAt,
  };
}

export type FaceAttempts = ReturnType<typeof createFaceAttempts>;
