import pino, { type Logger } from 'pino';
import type { JSONWebKeySet } from 'jose';
import { issuerOf, paths, publicUrlOf, type Config } from './config.js';
import { createCodeHasher } from './crypto/code-hasher.js';
import { createKeyService } from './crypto/key-service.js';
import { createKeyringFile, parseKeyring, readKeyringFile, type Keyring } from './crypto/keyring.js';
import { createArgon2Hashers } from './crypto/password-hasher.js';
import { cryptoRandom } from './crypto/random.js';
import { createSecretBox } from './crypto/secret-box.js';
import { createTokenIssuer } from './crypto/token-issuer.js';
import { cacheVerifiedTokens } from './crypto/verified-token-cache.js';
import { createDeliveryFromConfig, type Delivery } from './delivery/delivery-from-config.js';
import { createAccountService } from './domain/accounts/account-service.js';
import { createAdminService } from './domain/admin/admin-service.js';
import { createUserSecurityAdmin } from './domain/admin/user-security-admin.js';
import { assertPasswordAttemptPolicy, createPasswordAttempts } from './domain/accounts/password-attempts.js';
import { createSignUpCap } from './domain/accounts/sign-up-cap.js';
import { createAppService } from './domain/apps/app-service.js';
import { createPublicAppLookup } from './domain/apps/public-app.js';
import { createAuditTrail } from './domain/audit/audit-trail.js';
import { createCodeDispatch } from './domain/delivery/code-dispatch.js';
import { createRecoveryCodeIssuer } from './domain/factors/recovery-code/recovery-codes.js';
import { createFactorRegistry } from './domain/factors/registry.js';
import { createPasskeyCeremonies } from './domain/factors/passkey/passkey-ceremonies.js';
import { createRelyingParties } from './domain/factors/passkey/webauthn-options.js';
import { createPasskeyFlows } from './domain/flows/passkeys.js';
import { createCallerAuthentication } from './domain/flows/authenticate-caller.js';
import { createFactorBinding } from './domain/flows/bind-factor.js';
import { createFactorReading } from './domain/flows/read-factors.js';
import { createSignInRedemption } from './domain/flows/redeem-sign-in-challenge.js';
import { createRecoveryCodeRegeneration } from './domain/flows/regenerate-recovery-code.js';
import { createFactorReset } from './domain/flows/reset-factor.js';
import { createProfileReading } from './domain/flows/read-profile.js';
import { createSignIn } from './domain/flows/sign-in.js';
import { createStepUp } from './domain/flows/step-up.js';
import { createEventOutbox } from './domain/events/event-outbox.js';
import { createWebhookAdmin } from './domain/events/webhook-admin.js';
import { createWebhookDispatcher } from './domain/events/webhook-dispatcher.js';
import { createWebhookTransport } from './delivery/webhook-transport.js';
import { createMetrics, loadPromClient, type PromClient } from './observability/metrics.js';
import { createAccessKeys } from './domain/management/access-keys.js';
import { createManagementAuth } from './domain/management/management-auth.js';
import { createManagementMfa } from './domain/management/management-mfa.js';
import { createManagementUsers } from './domain/management/management-users.js';
import { createUserLookup } from './domain/management/user-lookup.js';
import { createUserPool, withGlobalMfaLayer } from './domain/management/user-pool.js';
import { createManagementTokenIssuer } from './crypto/management-token.js';
import type { Clock, CodeSender, FaceMatcher, ManagementTokenIssuer, Random, TokenIssuer } from './domain/ports.js';
import { assertKeyringMayBeGenerated, assertKeyringOpensDatabase } from './domain/keys/keyring-check.js';
import { createMigrationService } from './domain/migration/migration-service.js';
import { createSecurityNotices } from './domain/notifications/security-notices.js';
import { createAccountSessions } from './domain/sessions/account-sessions.js';
import { createSessionService } from './domain/sessions/session-service.js';
import { createOidcServices } from './domain/tokens/oidc-services.js';
import { createSessionEnding } from './domain/tokens/session-ending.js';
import { createFailureBudget } from './domain/verification/failure-budget.js';
import { assertFailureBudgetPolicy } from './domain/verification/failure-budget-policy.js';
import { createVerificationGuard } from './domain/verification/verification-guard.js';
import { createFaceAttempts } from './domain/factors/face/face-attempts.js';
import { createFaceMatcherFromConfig, createPhotoSourceFromConfig, photoBodyLimit } from './face/face-from-config.js';
import { createFaceUploads } from './domain/factors/face/face-uploads.js';
import { cacheAppLookups } from './storage/cached-app-repository.js';
import { openStore } from './storage/open-store.js';
import type { Store } from './storage/store.js';

export const systemClock: Clock = { now: () => Date.now() };

/** Outbox rows one webhook round takes. */
export const WEBHOOK_BATCH_SIZE = 20;

/** What tests (or an embedding program) may replace: time, randomness, logging, delivery, the store. */
export interface RuntimeOverrides {
  clock?: Clock;
  random?: Random;
  logger?: Logger;
  codeSender?: CodeSender;
  store?: Store;
  /** False for one-off commands: only the server creates a missing keys file (KEY-03). Default true. */
  mayGenerateKeyring?: boolean;
}

/**
 * Everything a running Tessera holds. The http layer and the CLI get `services` (and the config) only;
 * `store` is here for the process that owns it (closing, tests that look at rows).
 */
export interface Runtime {
  config: Config;
  clock: Clock;
  logger: Logger;
  store: Store;
  services: Services;
  close(): Promise<void>;
}

export type Services = ReturnType<typeof createServices>;

/**
 * KEY-03: the keyring, and proof that it is the one the database was sealed with; a keys file is generated
 * only next to an empty database.
 */
export async function loadKeyring(
  config: Config,
  store: Pick<Store, 'keyringCanary' | 'sealedSecrets'>,
  options: { clock?: Clock; mayGenerate?: boolean } = {},
): Promise<Keyring> {
  const keysFile = paths.keysFile(config);
  let keyring = config.keysJson ? parseKeyring(config.keysJson) : readKeyringFile(keysFile);
  if (!keyring) {
    await assertKeyringMayBeGenerated(store.keyringCanary, keysFile, options.mayGenerate);
    keyring = await createKeyringFile(keysFile);
  }
  await assertKeyringOpensDatabase({
    canary: store.keyringCanary,
    sealedSecrets: store.sealedSecrets,
    box: createSecretBox(keyring.encryptionKeys, keyring.activeEncryptionKeyId),
    codeHasher: createCodeHasher(keyring.codeHashKey),
    clock: options.clock ?? systemClock,
  });
  return keyring;
}

/** Opens the store (migrating it), loads the keys and wires the services. */
export async function openRuntime(config: Config, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const clock = overrides.clock ?? systemClock;
  const random = overrides.random ?? cryptoRandom;
  // Buffered off the hot path (one request line costs a fraction of a synchronous write); debug and trace
  // write synchronously, so a crash loses no line of an investigation.
  const logger = overrides.logger ?? pino({ level: config.logLevel }, pino.destination({ dest: 1, sync: config.logLevel === 'debug' || config.logLevel === 'trace' }));
  // Before the store opens, so a provider missing a setting fails the boot cleanly. A test's or an
  // embedder's own sender stands in for every channel.
  const delivery: Delivery = overrides.codeSender
    ? { sender: overrides.codeSender, providers: { sms: 'custom', email: 'custom' } }
    : createDeliveryFromConfig(config, { clock, logger });
  const openedStore = overrides.store ?? (await openStore(config, logger));
  const store: Store = { ...openedStore, apps: cacheAppLookups(openedStore.apps, config.appCacheSeconds) };
  let keyring: Keyring;
  try {
    keyring = await loadKeyring(config, store, { clock, mayGenerate: overrides.mayGenerateKeyring });
  } catch (error) {
    // Refusing to start (KEY-03) must not leave a pool open behind it.
    if (!overrides.store) await store.close();
    throw error;
  }
  const tokens = cacheVerifiedTokens(
    await createTokenIssuer(keyring.signingKeys, { issuer: issuerOf(config), accessTokenTtlSeconds: config.accessTokenTtlSeconds }, clock),
    clock,
  );
  const managementTokens = await createManagementTokenIssuer(
    keyring.signingKeys,
    { issuer: issuerOf(config), ttlSeconds: config.managementTokenTtlSeconds },
    clock,
  );
  // FACE: the built-in model's worker starts only on the first face request (docs/face.md).
  const faceMatcher = createFaceMatcherFromConfig(config, { clock, logger });
  const prom = await loadPromClient(config);
  const services = createServices({ config, clock, random, logger, store, keyring, tokens, managementTokens, delivery, faceMatcher, prom });
  return { config, clock, logger, store, services, close: () => faceMatcher.close().then(() => store.close()) };
}

/** Wiring only: adapters into ports, domain services out. */
function createServices(input: {
  config: Config;
  clock: Clock;
  random: Random;
  logger: Logger;
  store: Store;
  keyring: Keyring;
  tokens: TokenIssuer & { jwks: JSONWebKeySet };
  managementTokens: ManagementTokenIssuer;
  delivery: Delivery;
  faceMatcher: FaceMatcher;
  /** Loaded only when /metrics is served (observability/metrics.ts). */
  prom: PromClient | undefined;
}) {
  const { config, clock, random, logger, keyring, tokens, delivery } = input;
  // Tessera is one user pool; its global MFA layer narrows every app's factor types (issue 11).
  const pool = createUserPool({ clock, random, settings: input.store.poolSettings, cacheMs: config.appCacheSeconds * 1000 });
  const store: Store = { ...input.store, apps: withGlobalMfaLayer(input.store.apps, pool) };
  const secretBox = createSecretBox(keyring.encryptionKeys, keyring.activeEncryptionKeyId);
  const codeHasher = createCodeHasher(keyring.codeHashKey);
  // One Argon2 cap per instance; recovery codes go ahead of waiting passwords (crypto/password-hasher.ts).
  const { passwords, recoveryCodes: recoveryCodeHasher, depth: argon2Depth } = createArgon2Hashers({
    concurrency: config.argon2Concurrency,
    maxQueued: config.argon2MaxQueued,
  });
  const metrics = createMetrics(input.prom, { queueDepth: argon2Depth, storeUp: () => store.ping() });
  const codes = createCodeDispatch({
    clock,
    random,
    throttle: store.throttle,
    counter: store.rateCounter,
    deliveries: store.deliveries,
    sender: metrics.instrument(delivery.sender),
    providers: delivery.providers,
    logger,
    policy: {
      sendIntervalSeconds: config.sendIntervalSeconds,
      maxSendsPerHour: config.maxSendsPerHour,
      maxSendsPerDay: config.maxSendsPerDay,
      maxSmsPerIpPerHour: config.maxSmsPerIpPerHour,
      maxSmsPerIpPerDay: config.maxSmsPerIpPerDay,
      maxEmailPerIpPerHour: config.maxEmailPerIpPerHour,
      maxEmailPerIpPerDay: config.maxEmailPerIpPerDay,
      smsDailyBudget: config.smsDailyBudget,
      maxNoticesPerUserPerDay: config.maxNoticesPerUserPerDay,
    },
  });
  const recoveryCodes = createRecoveryCodeIssuer({ random, hasher: recoveryCodeHasher });
  const audit = createAuditTrail({
    clock,
    random,
    log: store.audit,
    events: createEventOutbox({ endpoints: store.webhookEndpoints, clock, cacheMs: config.appCacheSeconds * 1000 }),
    observe: metrics.audited,
  });
  const relyingParties = createRelyingParties({ passkeys: store.passkeys, apps: store.apps, publicUrl: publicUrlOf(config) });
  const passkeyCeremonies = createPasskeyCeremonies({ clock, random, passkeys: store.passkeys, relyingParties, audit });
  // A `photo` may name a photo uploaded beforehand (POST /api/v3/upload-face-photo, docs/face.md).
  const faceUploads = createFaceUploads({
    clock,
    random,
    store: store.faceUploads,
    secretBox,
    photos: createPhotoSourceFromConfig(config),
    assertFaceOffered: (app) => registry.assertOffered(app, 'FACE'),
  });
  const face = {
    matcher: input.faceMatcher,
    photos: faceUploads.source,
    secretBox,
    attempts: createFaceAttempts(store.faceAttempts),
    factors: store.factors,
  };
  const registry = createFactorRegistry({
    random,
    secretBox,
    codeHasher,
    passwords: recoveryCodeHasher,
    recoveryCodes,
    clock,
    passkeys: store.passkeys,
    passkeyCeremonies,
    face,
  });
  // One failure budget and one audit trail for every second-factor check.
  const budget = createFailureBudget(
    store.budget,
    assertFailureBudgetPolicy({
      failuresPerLock: config.failuresPerLock,
      failuresUntilAdminUnlock: config.failuresUntilAdminUnlock,
      firstLockSeconds: config.firstLockSeconds,
      maxLockSeconds: config.maxLockSeconds,
    }),
  );
  const notices = createSecurityNotices({ users: store.users, factors: store.factors, apps: store.apps, registry, codes, audit, logger });
  const guard = createVerificationGuard({ clock, budget, audit, notices });
  const accounts = createAccountService({
    clock,
    random,
    users: store.users,
    passwords,
    attempts: createPasswordAttempts({
      clock,
      counter: store.rateCounter,
      policy: assertPasswordAttemptPolicy({
        maxFailuresPerAccountPerHour: config.maxPasswordFailuresPerAccountPerHour,
        maxFailuresPerAccountPerDay: config.maxPasswordFailuresPerAccountPerDay,
        maxFailuresPerIpPerHour: config.maxPasswordFailuresPerIpPerHour,
        maxFailuresPerIpPerDay: config.maxPasswordFailuresPerIpPerDay,
      }),
    }),
    signUps: createSignUpCap({ clock, counter: store.rateCounter, policy: { maxSignUpsPerIpPerHour: config.maxSignUpsPerIpPerHour } }),
  });
  const apps = createAppService({ clock, random, apps: store.apps });
  const sessions = createSessionService({
    clock,
    random,
    sessions: store.sessions,
    tokens,
    factors: store.factors,
    registry,
    users: store.users,
    policy: {
      stepUpMaxAgeSeconds: config.stepUpMaxAgeSeconds,
      sessionIdleSeconds: config.sessionIdleSeconds,
      sessionMaxAgeSeconds: config.sessionMaxAgeSeconds,
    },
  });
  const oidc = createOidcServices({ clock, random, issuer: issuerOf(config), tokens, sessions, store, audit });
  const userLookup = createUserLookup(store.users);
  const migration = createMigrationService({
    clock,
    random,
    users: store.users,
    factors: store.factors,
    unitOfWork: store.unitOfWork,
    secretBox,
    recoveryCodeHasher,
    audit,
  });
  const accessKeys = createAccessKeys({ clock, random, box: secretBox, keys: store.accessKeys, audit });
  const recoveryCodeRegeneration = createRecoveryCodeRegeneration({ registry, factors: store.factors, recoveryCodes, sessions, audit, notices });

  const factorReading = createFactorReading({ clock, factors: store.factors, liveSessionReads: store.liveSessionReads, sessions, registry });

  return {
    /** The factor methods this deployment serves. */
    registry,
    /** The body limit of the routes that carry a face photo. */
    facePhotoBodyLimit: photoBodyLimit(config),
    faceUploads,
    callers: createCallerAuthentication({ clock, apps: store.apps, tokens, sessions, challenges: store.challenges }),
    accounts,
    signIn: createSignIn({
      clock,
      random,
      accounts,
      registry,
      factors: store.factors,
      challenges: store.challenges,
      sessions,
      tokenSets: oidc.tokenSets,
      audit,
      policy: { mfaTokenTtlSeconds: config.mfaTokenTtlSeconds },
    }),
    redemption: createSignInRedemption({
      clock,
      random,
      registry,
      challenges: store.challenges,
      factors: store.factors,
      users: store.users,
      unitOfWork: store.unitOfWork,
      guard,
      sessions,
      tokenSets: oidc.tokenSets,
      audit,
      codes,
      notices,
      policy: { maxAttemptsPerChallenge: config.maxAttemptsPerChallenge, mfaCodeTtlSeconds: config.mfaCodeTtlSeconds },
    }),
    binding: createFactorBinding({
      clock,
      random,
      registry,
      users: store.users,
      factors: store.factors,
      enrollments: store.enrollments,
      codes,
      sessions,
      guard,
      audit,
      notices,
      policy: { enrollmentTtlSeconds: config.enrollmentTtlSeconds, maxAttemptsPerEnrollment: config.maxAttemptsPerEnrollment },
    }),
    factors: factorReading,
    profile: createProfileReading({ users: store.users, factors: store.factors }),
    recoveryCodes: recoveryCodeRegeneration,
    resetFactor: createFactorReset({ factors: store.factors, registry, sessions, audit, notices }),
    stepUp: createStepUp({ clock, registry, factors: store.factors, guard, sessions }),
    /** Passkeys: binding, passwordless sign-in, the second step's challenge, the user's own list. */
    passkeys: createPasskeyFlows({
      clock,
      random,
      registry,
      passkeys: store.passkeys,
      ceremonies: passkeyCeremonies,
      relyingParties,
      users: store.users,
      challenges: store.challenges,
      sessions,
      guard,
      audit,
      notices,
      counter: store.rateCounter,
      policy: { maxSignInsPerIpPerHour: config.maxPasskeySignInsPerIpPerHour },
    }),
    /** Each app's passkey relying party (RP id, origins, attestation), for `tessera apps update`. */
    relyingParties,
    admin: createAdminService({
      apps,
      accounts,
      users: store.users,
      budget,
      recoveryCodes: recoveryCodeRegeneration,
      audit,
      notices,
      deliveries: store.deliveries,
    }),
    /** Prometheus series of this instance (GET /metrics). */
    metrics,
    /** Event webhooks per app: operator actions (CLI, management API). */
    webhooks: createWebhookAdmin({ clock, random, box: secretBox, apps: store.apps, endpoints: store.webhookEndpoints, outbox: store.webhookOutbox }),
    /** Sends the event outbox; the server runs it in a loop (delivery/webhook-worker.ts). */
    webhookDispatcher: createWebhookDispatcher({
      clock,
      outbox: store.webhookOutbox,
      endpoints: store.webhookEndpoints,
      box: secretBox,
      transport: createWebhookTransport({ clock, timeoutMs: config.deliveryTimeoutMs }),
      policy: {
        maxAttempts: config.webhookMaxAttempts,
        firstRetryMs: config.webhookFirstRetryMs,
        maxRetryMs: 3_600_000,
        leaseMs: config.deliveryTimeoutMs + 30_000,
        batchSize: WEBHOOK_BATCH_SIZE,
      },
    }),
    /** The hosted page: the app it signs in to, the user's own sessions. */
    describeApp: createPublicAppLookup({ apps: store.apps }),
    accountSessions: createAccountSessions({
      clock,
      sessions: store.sessions,
      endSession: createSessionEnding({ sessions: store.sessions, refreshTokens: store.refreshTokens }),
    }),
    /** An operator's hold on a user's factors, sessions and audit trail (management API, `tessera users`). */
    userSecurity: createUserSecurityAdmin({ clock, factors: store.factors, reading: factorReading, sessions: store.sessions, audit, auditLog: store.audit, notices }),
    /** The management API (issue 11): access keys, the pool, users and their MFA settings. */
    management: {
      pool,
      accessKeys,
      lookup: userLookup,
      auth: createManagementAuth({ clock, random, keys: accessKeys, tokens: input.managementTokens, pool, nonces: store.throttle, audit }),
      users: createManagementUsers({ clock, random, accounts, directory: store.userDirectory, lookup: userLookup, passwords, otpImport: migration, audit }),
      mfa: createManagementMfa({
        lookup: userLookup,
        directory: store.userDirectory,
        factors: store.factors,
        registry,
        apps: store.apps,
        appService: apps,
        pool,
        box: secretBox,
        audit,
        clock,
        policy: { allowOtpSecretExport: config.allowOtpSecretExport },
      }),
    },
    /** Migration in: OTP secrets and users from another system (issue 11). */
    migration,
    /** Ready when the database (and Redis, when configured) answers. */
    health: { isReady: () => store.ping() },
    /** The OAuth/OIDC token lifecycle behind /oidc (refresh, revocation, introspection, userinfo, logout). */
    oidc,
    /** Where users and apps reach this deployment, and the `iss` of its tokens. */
    publicUrl: publicUrlOf(config),
    issuer: issuerOf(config),
    /** The public keys that verify access tokens. */
    jwks: tokens.jwks,
    /** Key rotation and resealing (KEY-02), for `tessera keys`. */
    keys: createKeyService({
      keyring,
      keysFile: config.keysJson ? undefined : paths.keysFile(config),
      box: secretBox,
      sealedSecrets: store.sealedSecrets,
    }),
  };
}
