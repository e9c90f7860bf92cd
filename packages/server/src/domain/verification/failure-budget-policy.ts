import type { FailureBudgetPolicy } from '../ports.js';

/**
 * Security.md §6.1 and RL-01: every `failuresPerLock` consecutive failures lock verification, for 30 s the
 * first time and twice as long each time after, up to `maxLockSeconds`; at `failuresUntilAdminUnlock` only
 * an administrator can unlock. With the defaults (10, 100, 30 s, 1 h) the locks last
 * 30 s, 1 min, 2 min, 4 min, 8 min, 16 min, 32 min, 1 h, 1 h, then admin unlock.
 */
export const DEFAULT_FAILURE_BUDGET_POLICY: FailureBudgetPolicy = Object.freeze({
  failuresPerLock: 10,
  failuresUntilAdminUnlock: 100,
  firstLockSeconds: 30,
  maxLockSeconds: 3600,
});

/** How long the `lockNumber`-th lock (1-based) lasts. */
export function lockDurationMs(lockNumber: number, policy: FailureBudgetPolicy): number {
  const seconds = Math.min(policy.firstLockSeconds * 2 ** Math.max(0, lockNumber - 1), policy.maxLockSeconds);
  return seconds * 1000;
}

/** Evaluations that may start with `failures` consecutive failures behind and no lock in force. */
export function allowanceAfter(failures: number, policy: FailureBudgetPolicy): number {
  const untilLock = policy.failuresPerLock - (failures % policy.failuresPerLock);
  return Math.max(0, Math.min(untilLock, policy.failuresUntilAdminUnlock - failures));
}

/**
 * RL-08: the chance that blind guessing passes before one lock, with `acceptedCodes` codes valid at a time
 * (TOTP accepts T-1, T, T+1) among 10^digits: acceptedCodes × failuresPerLock / 10^digits.
 */
export function guessingBoundPerLock(policy: FailureBudgetPolicy, acceptedCodes = 3, digits = 6): number {
  return (acceptedCodes * policy.failuresPerLock) / 10 ** digits;
}

/** Refuses a policy whose numbers contradict each other (the config schema bounds each one). */
export function assertFailureBudgetPolicy(policy: FailureBudgetPolicy): FailureBudgetPolicy {
  if (policy.failuresPerLock > policy.failuresUntilAdminUnlock) {
    throw new Error('invalid configuration: failuresPerLock must not exceed failuresUntilAdminUnlock');
  }
  if (policy.firstLockSeconds > policy.maxLockSeconds) {
    throw new Error('invalid configuration: firstLockSeconds must not exceed maxLockSeconds');
  }
  return Object.freeze({ ...policy });
}
