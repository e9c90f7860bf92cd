import pino, { type Logger } from 'pino';
import type { JSONWebKeySet } from 'jose';
import { issuerOf, paths, type Config } from './config.js';
import { createCodeHasher } from './crypto/code-hasher.js';
import { loadOrCreateKeyringFile, parseKeyring, type Keyring } from './crypto/keyring.js';
import { createArgon2Hashers } from './crypto/password-hasher.js';
import { cryptoRandom } from './crypto/random.js';
import { createSecretBox } from './crypto/secret-box.js';
import { createTokenIssuer } from './crypto/token-issuer.js';
import { cacheVerifiedTokens } from './crypto/verified-token-cache.js';
import { createDeliveryFromConfig, type Delivery } from './delivery/delivery-from-config.js';
import { createAccountService } from './domain/accounts/account-service.js';
import { assertPasswordAttemptPolicy, createPasswordAttempts } from './domain/accounts/password-attempts.js';
import { createSignUpCap } from './domain/accounts/sign-up-cap.js';
import { createAppService } from './domain/apps/app-service.js';
import { createCodeDispatch } from './domain/delivery/code-dispatch.js';
import { createEnrollmentService } from './domain/enrollment/enrollment-service.js';
import { createFactorService } from './domain/factors/factor-service.js';
import type { Clock, CodeSender, Random, TokenIssuer } from './domain/ports.js';
import { createTotpVerification } from './domain/verification/totp-verification.js';
import { createAuditTrail } from './domain/audit/audit-trail.js';
import { createMfaRedemption } from './domain/mfa-sign-in/mfa-redemption.js';
import { createSignInService } from './domain/mfa-sign-in/sign-in-service.js';
import { createRecoveryCodes } from './domain/recovery-codes/recovery-codes.js';
import { createSessionService } from './domain/sessions/session-service.js';
import { assertFailureBudgetPolicy } from './domain/verification/failure-budget-policy.js';
import { createVerificationGuard } from './domain/verification/verification-guard.js';
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
}

/** Everything a running Tessera holds: configuration, ports wired to adapters, and the domain services. */
export interface Runtime {
  config: Config;
  clock: Clock;
  logger: Logger;
  store: Store;
  tokens: TokenIssuer & { jwks: JSONWebKeySet };
  services: ReturnType<typeof createServices>;
  close(): Promise<void>;
}

export async function loadKeyring(config: Config): Promise<Keyring> {
  return config.keysJson ? parseKeyring(config.keysJson) : loadOrCreateKeyringFile(paths.keysFile(config));
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
  const keyring = await loadKeyring(config);
  const tokens = cacheVerifiedTokens(
    await createTokenIssuer(keyring.signingKeys, { issuer: issuerOf(config), accessTokenTtlSeconds: config.accessTokenTtlSeconds }, clock),
    clock,
  );
  const services = createServices({ config, clock, random, logger, store, keyring, tokens, delivery });
  return { config, clock, logger, store, tokens, services, close: () => store.close() };
}

function createServices(input: {
  config: Config;
  clock: Clock;
  random: Random;
  logger: Logger;
  store: Store;
  keyring: Keyring;
  tokens: TokenIssuer;
  delivery: Delivery;
}) {
  const { config, clock, random, logger, store, keyring, tokens, delivery } = input;
  const secretBox = createSecretBox(keyring.encryptionKeys, keyring.activeEncryptionKeyId);
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
      smsDailyBudget: config.smsDailyBudget,
    },
  });
  // --- sign-in with MFA: one failure budget and one audit trail for every second-factor check
  const codeHasher = createCodeHasher(keyring.codeHashKey);
  const audit = createAuditTrail({ clock, random, log: store.audit });
  const guard = createVerificationGuard({
    clock,
    budget: store.failureBudget,
    audit,
    policy: assertFailureBudgetPolicy({
      failuresPerLock: config.failuresPerLock,
      failuresUntilAdminUnlock: config.failuresUntilAdminUnlock,
      firstLockSeconds: config.firstLockSeconds,
      maxLockSeconds: config.maxLockSeconds,
    }),
  });
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
  const sessions = createSessionService({
    clock,
    random,
    sessions: store.sessions,
    tokens,
    factors: store.factors,
    users: store.users,
    policy: { accessTokenTtlSeconds: config.accessTokenTtlSeconds, stepUpMaxAgeSeconds: config.stepUpMaxAgeSeconds },
  });
  const recoveryCodes = createRecoveryCodes({ random, hasher: recoveryCodeHasher, factors: store.factors, audit });
  return {
    apps: createAppService({ clock, random, apps: store.apps }),
    accounts,
    audit,
    guard,
    sessions,
    recoveryCodes,
    signIn: createSignInService({
      clock,
      random,
      accounts,
      factors: store.factors,
      challenges: store.challenges,
      sessions,
      audit,
      policy: { mfaTokenTtlSeconds: config.mfaTokenTtlSeconds },
    }),
    mfa: createMfaRedemption({
      clock,
      random,
      challenges: store.challenges,
      factors: store.factors,
      users: store.users,
      secretBox,
      codeHasher,
      recoveryCodeHasher,
      recoveryCodes,
      guard,
      sessions,
      audit,
      codes,
      policy: { maxAttemptsPerChallenge: config.maxAttemptsPerChallenge, mfaCodeTtlSeconds: config.mfaCodeTtlSeconds },
    }),
    factors: createFactorService({ factors: store.factors }),
    enrollment: createEnrollmentService({
      clock,
      random,
      secretBox,
      codeHasher,
      recoveryCodeHasher,
      enrollments: store.enrollments,
      factors: store.factors,
      codes,
      policy: {
        enrollmentTtlSeconds: config.enrollmentTtlSeconds,
        maxAttemptsPerEnrollment: config.maxAttemptsPerEnrollment,
      },
      guard,
    }),
    codes,
    totp: createTotpVerification({ clock, factors: store.factors, secretBox, guard }),
  };
}
