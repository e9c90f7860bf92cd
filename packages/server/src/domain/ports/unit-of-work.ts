import type { ChallengeStore } from './challenges.js';
import type { FactorRepository } from './factors.js';
import type { UserRepository } from './identity.js';
import type { PasskeyStore } from './passkeys.js';
import type { SessionStore } from './sessions.js';

/** The stores whose writes one unit of work commits together. */
export interface TransactionalStores {
  factors: FactorRepository;
  challenges: ChallengeStore;
  sessions: SessionStore;
  users: UserRepository;
  passkeys: PasskeyStore;
}

/**
 * Runs `work` in one database transaction (DUR-02): every write it makes through `stores` commits, or —
 * when it throws — none does. Keep slow work (password hashing, network) out of it.
 */
export interface UnitOfWork {
  run<T>(work: (stores: TransactionalStores) => Promise<T>): Promise<T>;
}
