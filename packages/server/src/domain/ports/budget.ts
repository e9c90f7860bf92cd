/**
 * The stored state of one account's failure budget. The port only persists, atomically; every decision —
 * how much allowance, when to lock, for how long, what is stale — is the domain's
 * (domain/verification/failure-budget.ts).
 */
export interface BudgetRow {
  /** Consecutive second-factor failures. */
  failures: number;
  /** Evaluations that may still start before the next lock (each one reserves a unit first: RL-04). */
  allowance: number;
  /** Epoch ms until which verification is locked; 0 when not locked. */
  lockedUntil: number;
  /** Locked until an administrator unlocks. */
  adminLock: boolean;
  /** When the last unit was reserved (a reservation never settled goes stale after a while). */
  reservedAt: number;
}

export type BudgetLock = { until: number } | 'until-admin-unlock';

export interface BudgetStore {
  /**
   * Takes one unit of allowance if one is left and no lock is in force at `now`, stamping `reservedAt`;
   * otherwise answers the row as it stands. A missing row is first created with `initialAllowance`.
   */
  take(userId: string, now: number, initialAllowance: number): Promise<{ taken: true } | { taken: false; row: BudgetRow }>;
  /**
   * Compare-and-set: sets the allowance (and `reservedAt` = now) only while the row still has no allowance and
   * the failures and reservation time `seen`. Of concurrent callers, one answers true.
   */
  refill(userId: string, seen: { failures: number; reservedAt: number }, allowance: number, now: number): Promise<boolean>;
  /** Gives one unit back, unless an administrator lock holds. */
  giveBack(userId: string): Promise<void>;
  /** Adds one failure (creating the row with `initialAllowance`); answers the count after it, its own. */
  addFailure(userId: string, initialAllowance: number): Promise<number>;
  /** Locks with the allowance that follows the lock, unless the failures were cleared below `failures` meanwhile. */
  lock(userId: string, failures: number, lock: BudgetLock, allowance: number): Promise<void>;
  /** Zero failures, no lock, `allowance` (an existing row only). */
  reset(userId: string, allowance: number): Promise<void>;
  read(userId: string): Promise<BudgetRow | undefined>;
}
