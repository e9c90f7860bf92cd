/** The decisions of the account failure budget (security.md §6.1, RL-01…RL-04), written once. */
export interface FailureBudgetPolicy {
  /** Every this many consecutive failures, verification locks for a while (RL-01: 10). */
  failuresPerLock: number;
  /** At this many consecutive failures, only an administrator can unlock (RL-01: 100). */
  failuresUntilAdminUnlock: number;
  firstLockSeconds: number;
  maxLockSeconds: number;
}

/**
 * A reservation that was never settled (the process died between reserving and recording) stops holding
 * budget after this long, so a crash cannot lock an account forever.
 */
export const STALE_RESERVATION_MS = 60_000;

/**
 * RL-01: every `failuresPerLock` consecutive failures lock verification, for `firstLockSeconds` the first
 * time and twice as long each time after, up to `maxLockSeconds`. With the defaults (10, 100, 30 s, 1 h)
 * the locks last 30 s, 1 min, 2 min, 4 min, 8 min, 16 min, 32 min, 1 h, 1 h, then admin unlock.
 * How long the `lockNumber`-th lock (1-based) lasts:
 */
export function lockDurationMs(lockNumber: number, policy: FailureBudgetPolicy): number {
  const seconds = Math.min(policy.firstLockSeconds * 2 ** Math.max(0, lockNumber - 1), policy.maxLockSeconds);
  return seconds * 1000;
}

/** Evaluations that may start with `failures` consecutive failures behind and no lock in force. */
export function allowanceAfter(failures: number, policy: FailureBudgetPolicy): number {
  const untilLock = policy.failuresPerLock - (failures % policy.failuresPerLock);
  return Math.max(0, Math.min(untilLock, policy.failuresUntilAdminUnlock - failures));
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
