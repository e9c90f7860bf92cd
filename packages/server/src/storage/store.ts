import { sql, type Kysely } from 'kysely';
import type { AppRepository, EnrollmentStore, FactorRepository, SendThrottle, UserRepository } from '../domain/ports.js';
import type { DeliveryLog, RateCounter } from '../domain/ports.js';
import type { AuditLog, ChallengeStore, FailureBudget, SessionStore } from '../domain/ports.js';
import type { KeyringCanaryStore, SealedSecretStore } from '../domain/ports/keys.js';
import { createSqlKeyringCanaryStore } from './repositories/keyring-canary.js';
import { createSqlSealedSecretStore } from './repositories/sealed-secrets.js';
import { createSqlAuditLog } from './repositories/audit-log.js';
import { createSqlChallengeStore } from './repositories/challenge-store.js';
import { createSqlFailureBudget } from './repositories/failure-budget.js';
import { createSqlSessionStore } from './repositories/session-store.js';
import { createAppRepository } from './repositories/app-repository.js';
import { createSqlDeliveryLog } from './repositories/delivery-log.js';
import { createSqlRateCounter } from './repositories/rate-counter.js';
import { createEnrollmentStore } from './repositories/enrollment-store.js';
import { createFactorRepository } from './repositories/factor-repository.js';
import { createSqlSendThrottle } from './repositories/send-throttle.js';
import { createUserRepository } from './repositories/user-repository.js';
import type { Database } from './schema.js';

/** Every storage port over one Kysely database, whatever its dialect. */
export interface Store {
  db: Kysely<Database>;
  apps: AppRepository;
  users: UserRepository;
  factors: FactorRepository;
  enrollments: EnrollmentStore;
  throttle: SendThrottle;
  /** Send caps (OOB-05). */
  rateCounter: RateCounter;
  deliveries: DeliveryLog;
  // sign-in with MFA
  sessions: SessionStore;
  challenges: ChallengeStore;
  /** Consecutive second-factor failures per account (RL-01…RL-04). */
  failureBudget: FailureBudget;
  audit: AuditLog;
  // keys (KEY-02, KEY-03)
  keyringCanary: KeyringCanaryStore;
  sealedSecrets: SealedSecretStore;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function createSqlStore(db: Kysely<Database>): Store {
  return {
    db,
    apps: createAppRepository(db),
    users: createUserRepository(db),
    factors: createFactorRepository(db),
    enrollments: createEnrollmentStore(db),
    throttle: createSqlSendThrottle(db),
    rateCounter: createSqlRateCounter(db),
    deliveries: createSqlDeliveryLog(db),
    sessions: createSqlSessionStore(db),
    challenges: createSqlChallengeStore(db),
    failureBudget: createSqlFailureBudget(db),
    audit: createSqlAuditLog(db),
    keyringCanary: createSqlKeyringCanaryStore(db),
    sealedSecrets: createSqlSealedSecretStore(db),
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.destroy(),
  };
}
