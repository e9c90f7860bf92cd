import { sql, type Kysely } from 'kysely';
import type {
  AppRepository,
  AuditLog,
  BudgetStore,
  FaceAttemptStore,
  FaceUploadStore,
  ChallengeStore,
  DeliveryLog,
  EnrollmentStore,
  FactorRepository,
  LiveSessionReads,
  PasskeyStore,
  RateCounter,
  RefreshTokenStore,
  SendThrottle,
  SessionStore,
  AuthorizationCodeStore,
  UnitOfWork,
  UserRepository,
  WebhookEndpointStore,
  WebhookOutboxStore,
} from '../domain/ports.js';
import type { KeyringCanaryStore, SealedSecretStore } from '../domain/ports/keys.js';
import type { AccessKeyRepository, PoolSettings, UserDirectory } from '../domain/ports/management.js';
import { createAccessKeyRepository } from './repositories/access-key-repository.js';
import { createSqlPoolSettings } from './repositories/pool-settings.js';
import { createUserDirectory } from './repositories/user-directory.js';
import { createSqlKeyringCanaryStore } from './repositories/keyring-canary.js';
import { createSqlSealedSecretStore } from './repositories/sealed-secrets.js';
import { createSqlAuditLog } from './repositories/audit-log.js';
import { createSqlChallengeStore } from './repositories/challenge-store.js';
import { createSqlBudgetStore } from './repositories/failure-budget.js';
import { createSqlFaceAttemptStore } from './repositories/face-attempts.js';
import { createSqlFaceUploadStore } from './repositories/face-uploads.js';
import { createSqlSessionStore } from './repositories/session-store.js';
import { createSqlLiveSessionReads } from './repositories/live-session-reads.js';
import { createSqlAuthorizationCodeStore } from './repositories/authorization-code-store.js';
import { createSqlRefreshTokenStore } from './repositories/refresh-token-store.js';
import { createAppRepository } from './repositories/app-repository.js';
import { createSqlDeliveryLog } from './repositories/delivery-log.js';
import { createSqlRateCounter } from './repositories/rate-counter.js';
import { createEnrollmentStore } from './repositories/enrollment-store.js';
import { createFactorRepository } from './repositories/factor-repository.js';
import { createSqlSendThrottle } from './repositories/send-throttle.js';
import { createUserRepository } from './repositories/user-repository.js';
import { createSqlWebhookEndpointStore, createSqlWebhookOutboxStore } from './repositories/webhooks.js';
import { createPasskeyStore } from './repositories/passkey-store.js';
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
  /** Passkeys, WebAuthn challenges, each app's relying party. */
  passkeys: PasskeyStore;
  // pending sign-ins, sessions
  challenges: ChallengeStore;
  sessions: SessionStore;
  /** A session check and a factor read in one statement (the hot reads, issue 14). */
  liveSessionReads: LiveSessionReads;
  /** OAuth refresh tokens, hashed, in rotation families. */
  refreshTokens: RefreshTokenStore;
  /** OAuth authorization codes, hashed, single use. */
  authorizationCodes: AuthorizationCodeStore;
  /** Consecutive second-factor failures per account (RL-01…RL-04). */
  budget: BudgetStore;
  /** Consecutive face failures per face factor (BIO-02). */
  faceAttempts: FaceAttemptStore;
  /** Face photos uploaded ahead of use: sealed, single use, short-lived (BIO-04). */
  faceUploads: FaceUploadStore;
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
  // events out (webhooks)
  webhookEndpoints: WebhookEndpointStore;
  webhookOutbox: WebhookOutboxStore;
  // management API (issue 11)
  accessKeys: AccessKeyRepository;
  poolSettings: PoolSettings;
  userDirectory: UserDirectory;
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
    passkeys: createPasskeyStore(db),
    throttle: createSqlSendThrottle(db),
    rateCounter: createSqlRateCounter(db),
    deliveries: createSqlDeliveryLog(db),
    sessions: createSqlSessionStore(db),
    liveSessionReads: createSqlLiveSessionReads(db),
    refreshTokens: createSqlRefreshTokenStore(db),
    authorizationCodes: createSqlAuthorizationCodeStore(db),
    challenges: createSqlChallengeStore(db),
    budget: createSqlBudgetStore(db),
    faceAttempts: createSqlFaceAttemptStore(db),
    faceUploads: createSqlFaceUploadStore(db),
    audit: createSqlAuditLog(db),
    unitOfWork: {
      run: (work) => db.transaction().execute((trx) => work(createSqlStore(trx))),
    },
    keyringCanary: createSqlKeyringCanaryStore(db),
    sealedSecrets: createSqlSealedSecretStore(db),
    webhookEndpoints: createSqlWebhookEndpointStore(db),
    webhookOutbox: createSqlWebhookOutboxStore(db),
    accessKeys: createAccessKeyRepository(db),
    poolSettings: createSqlPoolSettings(db),
    userDirectory: createUserDirectory(db),
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
