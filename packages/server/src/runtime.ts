import pino, { type Logger } from 'pino';
import type { JSONWebKeySet } from 'jose';
import { issuerOf, paths, type Config } from './config.js';
import { createCodeHasher } from './crypto/code-hasher.js';
import { loadOrCreateKeyringFile, parseKeyring, type Keyring } from './crypto/keyring.js';
import { createArgon2Hasher } from './crypto/password-hasher.js';
import { cryptoRandom } from './crypto/random.js';
import { createSecretBox } from './crypto/secret-box.js';
import { createTokenIssuer } from './crypto/token-issuer.js';
import { createOutboxSender } from './delivery/outbox.js';
import { createAccountService } from './domain/accounts/account-service.js';
import { createAppService } from './domain/apps/app-service.js';
import { createCodeDispatch } from './domain/delivery/code-dispatch.js';
import { createEnrollmentService } from './domain/enrollment/enrollment-service.js';
import { createFactorService } from './domain/factors/factor-service.js';
import type { Clock, CodeSender, Random, TokenIssuer } from './domain/ports.js';
import { createTotpVerification } from './domain/verification/totp-verification.js';
import { assertSchemaKnown, migrateToLatest } from './storage/migrator.js';
import { openSqlite } from './storage/sqlite.js';
import { createSqlStore, type Store } from './storage/store.js';

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
  const store = overrides.store ?? (await openDefaultStore(config));
  const keyring = await loadKeyring(config);
  const tokens = await createTokenIssuer(keyring.signingKeys, { issuer: issuerOf(config), accessTokenTtlSeconds: config.accessTokenTtlSeconds }, clock);
  const codeSender = overrides.codeSender ?? createOutboxSender(paths.outboxFile(config), logger, clock);
  const services = createServices({ config, clock, random, store, keyring, tokens, codeSender });
  return { config, clock, logger, store, tokens, services, close: () => store.close() };
}

export async function openDefaultStore(config: Config): Promise<Store> {
  const db = openSqlite(paths.sqliteFile(config));
  await assertSchemaKnown(db);
  await migrateToLatest(db);
  return createSqlStore(db);
}

function createServices(input: {
  config: Config;
  clock: Clock;
  random: Random;
  store: Store;
  keyring: Keyring;
  tokens: TokenIssuer;
  codeSender: CodeSender;
}) {
  const { config, clock, random, store, keyring, tokens, codeSender } = input;
  const secretBox = createSecretBox(keyring.encryptionKeys, keyring.activeEncryptionKeyId);
  const passwords = createArgon2Hasher();
  const codes = createCodeDispatch({
    clock,
    throttle: store.throttle,
    sender: codeSender,
    policy: { sendIntervalSeconds: config.sendIntervalSeconds },
  });
  return {
    apps: createAppService({ clock, random, apps: store.apps }),
    accounts: createAccountService({ clock, random, users: store.users, passwords, tokens }),
    factors: createFactorService({ factors: store.factors }),
    enrollment: createEnrollmentService({
      clock,
      random,
      secretBox,
      codeHasher: createCodeHasher(keyring.codeHashKey),
      recoveryCodeHasher: passwords,
      enrollments: store.enrollments,
      factors: store.factors,
      codes,
      policy: {
        enrollmentTtlSeconds: config.enrollmentTtlSeconds,
        maxAttemptsPerEnrollment: config.maxAttemptsPerEnrollment,
      },
    }),
    codes,
    totp: createTotpVerification({ clock, factors: store.factors, secretBox }),
  };
}
