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
  /** Units reserved and not settled yet (each becomes a failure, a success, or is given back). */
  inFlight: number;
}

export type BudgetLock = { until: number } | 'until-admin-unlock';

export interface BudgetStore {
  /**
   * Takes one unit of allowance if one is left and no lock is in force at `now`, stamping `reservedAt` and
   * counting it in flight; otherwise answers the row as it stands. A missing row is first created with
   * `initialAllowance`.
   */
  take(userId: string, now: number, initialAllowance: number): Promise<{ taken: true } | { taken: false; row: BudgetRow }>;
  /**
   * Compare-and-set: sets the allowance (and `reservedAt` = now, one unit in flight: the caller's) only while
   * the row still has no allowance and the failures and reservation time `seen` — the units in flight then
   * belong to a process that died. Of concurrent callers, one answers true.
   */
  refill(userId: string, seen: { failures: number; reservedAt: number }, allowance: number, now: number): Promise<boolean>;
  /** Settles a unit that decided nothing: back to the allowance, unless an administrator lock holds. */
  giveBack(userId: string): Promise<void>;
  /** Settles a unit as one more failure (creating the row with `initialAllowance`); answers the count after it, its own. */
  addFailure(userId: string, initialAllowance: number): Promise<number>;
  /**
   * Locks, unless the failures were cleared below `failures` meanwhile. The allowance after it is
   * `allowance` less the units still in flight, which may yet fail.
   */
  lock(userId: string, failures: number, lock: BudgetLock, allowance: number): Promise<void>;
  /**
   * Zero failures and no lock (an existing row only); `settles` units leave flight first (1 for a success,
   * 0 for an administrator's unlock). The allowance is `allowance` less the units still in flight, so a
   * success never lets more evaluations start than the budget holds (RL-04).
   */
  reset(userId: string, allowance: number, settles: 0 | 1): Promise<void>;
  read(userId: string): Promise<BudgetRow | undefined>;
}
