import { sql, type Kysely } from 'kysely';
import type {
  AppRepository,
  AuditLog,
  BudgetStore,
  FaceAttemptStore,
  ChallengeStore,
  DeliveryLog,
  EnrollmentStore,
  FactorRepository,
  RateCounter,
  SendThrottle,
  SessionStore,
  UnitOfWork,
  UserRepository,
} from '../domain/ports.js';
import type { KeyringCanaryStore, SealedSecretStore } from '../domain/ports/keys.js';
import { createSqlKeyringCanaryStore } from './repositories/keyring-canary.js';
import { createSqlSealedSecretStore } from './repositories/sealed-secrets.js';
import { createSqlAuditLog } from './repositories/audit-log.js';
import { createSqlChallengeStore } from './repositories/challenge-store.js';
import { createSqlBudgetStore } from './repositories/failure-budget.js';
import { createSqlFaceAttemptStore } from './repositories/face-attempts.js';
import { createSqlSessionStore } from './repositories/session-store.js';
import { createAppRepository } from './repositories/app-repository.js';
import { createSqlDeliveryLog } from './repositories/delivery-log.js';
import { createSqlRateCounter } from './repositories/rate-counter.js';
import { createEnrollmentStore } from './repositories/enrollment-store.js';
import { createFactorRepository } from './repositories/factor-repository.js';
import { createSqlSendThrottle } from './repositories/send-throttle.js';
import { createUserRepository } from './repositories/user-repository.js';
import type { Database } from './schema.js';

/** Every storage port over one Kysely database, whatever its dialect, grouped by what it holds. */
export interface Store {
  db: Kysely<Database>;
  // identity
  apps: AppRepository;
  users: UserRepository;
  // factors and the enrollments that may become one
  factors: FactorRepository;
  enrollments: EnrollmentStore;
  // pending sign-ins, sessions
  challenges: ChallengeStore;
  sessions: SessionStore;
  /** Consecutive second-factor failures per account (RL-01…RL-04). */
  budget: BudgetStore;
  /** Consecutive face failures per face factor (BIO-02). */
  faceAttempts: FaceAttemptStore;
  audit: AuditLog;
  // delivery: the send slot, the caps (OOB-05), the log
  throttle: SendThrottle;
  rateCounter: RateCounter;
  deliveries: DeliveryLog;
  /** One transaction over the SQL stores (DUR-02). */
  unitOfWork: UnitOfWork;
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
    budget: createSqlBudgetStore(db),
    faceAttempts: createSqlFaceAttemptStore(db),
    audit: createSqlAuditLog(db),
    unitOfWork: {
      run: (work) => db.transaction().execute((trx) => work(createSqlStore(trx))),
    },
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
