import pino, { type Logger } from 'pino';
import type { JSONWebKeySet } from 'jose';
import { issuerOf, paths, type Config } from './config.js';
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
import { assertPasswordAttemptPolicy, createPasswordAttempts } from './domain/accounts/password-attempts.js';
import { createSignUpCap } from './domain/accounts/sign-up-cap.js';
import { createAppService } from './domain/apps/app-service.js';
import { createAuditTrail } from './domain/audit/audit-trail.js';
import { createCodeDispatch } from './domain/delivery/code-dispatch.js';
import { createRecoveryCodeIssuer } from './domain/factors/recovery-code/recovery-codes.js';
import { createFactorRegistry } from './domain/factors/registry.js';
import { createCallerAuthentication } from './domain/flows/authenticate-caller.js';
import { createFactorBinding } from './domain/flows/bind-factor.js';
import { createFactorReading } from './domain/flows/read-factors.js';
import { createSignInRedemption } from './domain/flows/redeem-sign-in-challenge.js';
import { createRecoveryCodeRegeneration } from './domain/flows/regenerate-recovery-code.js';
import { createFactorReset } from './domain/flows/reset-factor.js';
import { createSignIn } from './domain/flows/sign-in.js';
import { createStepUp } from './domain/flows/step-up.js';
import type { Clock, CodeSender, FaceMatcher, Random, TokenIssuer } from './domain/ports.js';
import { assertKeyringMayBeGenerated, assertKeyringOpensDatabase } from './domain/keys/keyring-check.js';
import { createSecurityNotices } from './domain/notifications/security-notices.js';
import { createSessionService } from './domain/sessions/session-service.js';
import { createFailureBudget } from './domain/verification/failure-budget.js';
import { assertFailureBudgetPolicy } from './domain/verification/failure-budget-policy.js';
import { createVerificationGuard } from './domain/verification/verification-guard.js';
import { createFaceAttempts } from './domain/factors/face/face-attempts.js';
import { createFaceMatcherFromConfig, createPhotoSourceFromConfig, photoBodyLimit } from './face/face-from-config.js';
import { cacheAppLookups } from './storage/cached-app-repository.js';
import { openStore } from './storage/open-store.js';
import type { Store } from './storage/store.js';

export const systemClock: Clock = { now: () => Date.now() };

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
  const logger = overrides.logger ?? pino({ level: config.logLevel });
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
  // FACE: the built-in model's worker starts only on the first face request (docs/face.md).
  const faceMatcher = createFaceMatcherFromConfig(config, { clock, logger });
  const services = createServices({ config, clock, random, logger, store, keyring, tokens, delivery, faceMatcher });
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
  delivery: Delivery;
  faceMatcher: FaceMatcher;
}) {
  const { config, clock, random, logger, store, keyring, tokens, delivery } = input;
  const secretBox = createSecretBox(keyring.encryptionKeys, keyring.activeEncryptionKeyId);
  const codeHasher = createCodeHasher(keyring.codeHashKey);
  // One Argon2 cap per instance; recovery codes go ahead of waiting passwords (crypto/password-hasher.ts).
  const { passwords, recoveryCodes: recoveryCodeHasher } = createArgon2Hashers({
    concurrency: config.argon2Concurrency,
    maxQueued: config.argon2MaxQueued,
  });
  const codes = createCodeDispatch({
    clock,
    random,
    throttle: store.throttle,
    counter: store.rateCounter,
    deliveries: store.deliveries,
    sender: delivery.sender,
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
  const face = {
    matcher: input.faceMatcher,
    photos: createPhotoSourceFromConfig(config),
    secretBox,
    attempts: createFaceAttempts(store.faceAttempts),
    factors: store.factors,
  };
  const registry = createFactorRegistry({ random, secretBox, codeHasher, passwords: recoveryCodeHasher, recoveryCodes, face });
  const audit = createAuditTrail({ clock, random, log: store.audit });
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
  const recoveryCodeRegeneration = createRecoveryCodeRegeneration({ registry, factors: store.factors, recoveryCodes, sessions, audit, notices });

  return {
    /** The factor methods this deployment serves. */
    registry,
    /** The body limit of the routes that carry a face photo. */
    facePhotoBodyLimit: photoBodyLimit(config),
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
    factors: createFactorReading({ factors: store.factors, registry }),
    recoveryCodes: recoveryCodeRegeneration,
    resetFactor: createFactorReset({ factors: store.factors, registry, sessions, audit, notices }),
    stepUp: createStepUp({ clock, registry, factors: store.factors, guard, sessions }),
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
    /** Ready when the database (and Redis, when configured) answers. */
    health: { isReady: () => store.ping() },
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
