import { join, resolve } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { trustProxyFromEnv, trustProxyProblem } from './trust-proxy.js';

/**
 * Every setting, with its default and bounds, validated once at boot and frozen. Environment variables
 * map onto it in `configFromEnv` (see docs/configuration.md).
 */
export const ConfigSchema = Type.Object({
  host: Type.String({ default: '127.0.0.1' }),
  port: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  dataDir: Type.String({ default: './data' }),
  /** Where the keyring lives; defaults to <dataDir>/keys.json. */
  keysFile: Type.Optional(Type.String()),
  /** The keyring's JSON itself, for deployments that inject secrets through the environment. */
  keysJson: Type.Optional(Type.String()),
  /**
   * The address users and apps reach (behind a load balancer: its address, the same for every instance);
   * defaults to http://<host>:<port>. The issuer, discovery and redirects derive from it.
   */
  publicUrl: Type.Optional(Type.String({ pattern: '^https?://[^\\s?#]+$', maxLength: 2000 })),
  /** `iss` of every token; defaults to <publicUrl>/oidc. */
  issuer: Type.Optional(Type.String({ pattern: '^https?://[^\\s?#]+$', maxLength: 2000 })),
  accessTokenTtlSeconds: Type.Integer({ minimum: 60, maximum: 86_400, default: 7200 }),
  /** ENR-05: at most 10 minutes; the V3 docs say 60 s. */
  enrollmentTtlSeconds: Type.Integer({ minimum: 10, maximum: 600, default: 60 }),
  maxAttemptsPerEnrollment: Type.Integer({ minimum: 1, maximum: 10, default: 5 }),
  sendIntervalSeconds: Type.Integer({ minimum: 1, maximum: 3600, default: 60 }),
  bodyLimitBytes: Type.Integer({ minimum: 1024, maximum: 10_485_760, default: 65_536 }),
  logLevel: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
    { default: 'info' },
  ),
  /**
   * Which proxies in front may name the client in X-Forwarded-For (client IPs for caps and audit): false,
   * or their addresses/CIDRs; never `true` nor a hop count (see trust-proxy.ts). Passed to fastify as is.
   */
  trustProxy: Type.Union([Type.Literal(false), Type.String({ minLength: 1, maxLength: 2048 })], { default: false }),
  /** postgres://… to run on PostgreSQL (several instances may share it); unset keeps SQLite in dataDir. */
  databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  /** How long an instance reuses an application it looked up; app changes elsewhere apply within it. */
  appCacheSeconds: Type.Integer({ minimum: 0, maximum: 60, default: 5 }),
  /** Connections per instance in the PostgreSQL pool. */
  databasePoolSize: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  /** redis://… to keep counters, throttles and single-use stores in Redis; unset keeps them in the database. */
  redisUrl: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  /** Prefix of every Redis key, so several deployments can share one Redis. */
  redisKeyPrefix: Type.String({ default: 'tessera:', maxLength: 64 }),

  // --- code delivery: providers (docs/delivery.md) ---
  /** `outbox` sends every code to <dataDir>/outbox.jsonl, whatever providers are set (development). */
  delivery: Type.Optional(Type.Literal('outbox')),
  /** Email provider; unset: `smtp` when smtpUrl is set, else the outbox. */
  emailDelivery: Type.Optional(Type.Union([Type.Literal('outbox'), Type.Literal('smtp')])),
  /** SMS provider; unset: `webhook` when smsWebhookUrl is set, `twilio` when smsTwilioAccountSid is, else the outbox. */
  smsDelivery: Type.Optional(Type.Union([Type.Literal('outbox'), Type.Literal('webhook'), Type.Literal('twilio')])),
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465. */
  smtpUrl: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  /** From header of code emails, e.g. `Tessera <no-reply@example.com>`. */
  mailFrom: Type.Optional(Type.String({ minLength: 3, maxLength: 320 })),
  smsWebhookUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
  /** HMAC-SHA256 key of the webhook signature. */
  smsWebhookSecret: Type.Optional(Type.String({ minLength: 16, maxLength: 512 })),
  smsTwilioUrl: Type.String({ pattern: '^https?://', default: 'https://api.twilio.com' }),
  smsTwilioAccountSid: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  smsTwilioAuthToken: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  smsTwilioFrom: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  /** Per attempt, for SMTP and HTTP providers alike. */
  deliveryTimeoutMs: Type.Integer({ minimum: 100, maximum: 60_000, default: 10_000 }),

  // --- code delivery: send caps (OOB-05, docs/delivery.md) ---
  /** Codes per destination and, separately, per user, over a rolling hour. */
  maxSendsPerHour: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  /** Codes per destination and, separately, per user, over a rolling day. */
  maxSendsPerDay: Type.Integer({ minimum: 1, maximum: 1000, default: 20 }),
  /** SMS codes per client IP over a rolling hour. */
  maxSmsPerIpPerHour: Type.Integer({ minimum: 1, maximum: 100_000, default: 50 }),
  /** SMS codes per client IP over a rolling day: one source cannot spend the whole daily budget. */
  maxSmsPerIpPerDay: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 200 }),
  /** Email codes per client IP over a rolling hour. */
  maxEmailPerIpPerHour: Type.Integer({ minimum: 1, maximum: 100_000, default: 100 }),
  /** Email codes per client IP over a rolling day. */
  maxEmailPerIpPerDay: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 500 }),
  /** Security notices (a factor bound or removed, a recovery code used, a lock) per user per rolling day. */
  maxNoticesPerUserPerDay: Type.Integer({ minimum: 1, maximum: 1000, default: 20 }),
  /** SMS codes per deployment per UTC day; 0 turns SMS sending off. */
  smsDailyBudget: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 1000 }),

  // --- sign-in with MFA (docs/mfa-sign-in.md) ---
  /** Lifetime of the mfaToken of a 1635/1636 answer. */
  mfaTokenTtlSeconds: Type.Integer({ minimum: 30, maximum: 600, default: 300 }),
  /** Lifetime of an SMS/email code sent for a sign-in challenge (OOB-02: at most 10 min). */
  mfaCodeTtlSeconds: Type.Integer({ minimum: 30, maximum: 600, default: 300 }),
  /** Codes one sign-in challenge tolerates (security.md §6.1). */
  maxAttemptsPerChallenge: Type.Integer({ minimum: 1, maximum: 10, default: 5 }),
  /** RL-01: every this many consecutive failures per account lock verification for a while. */
  failuresPerLock: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  /** RL-01: at this many consecutive failures only `tessera users unlock` unlocks (N4 §3.2.2: ≤ 100). */
  failuresUntilAdminUnlock: Type.Integer({ minimum: 1, maximum: 100, default: 100 }),
  /** The first lock; each later one lasts twice as long, up to maxLockSeconds. */
  firstLockSeconds: Type.Integer({ minimum: 1, maximum: 3600, default: 30 }),
  maxLockSeconds: Type.Integer({ minimum: 1, maximum: 86_400, default: 3600 }),
  /** ENR-02/ENR-03, AZ-06: binding or resetting a factor needs a second factor proven this recently. */
  stepUpMaxAgeSeconds: Type.Integer({ minimum: 60, maximum: 43_200, default: 3600 }),
  /** AZ-06: a session's second-factor elevation lapses after this long unused (NIST N4 §2.2.3: ≤ 1 h). */
  sessionIdleSeconds: Type.Integer({ minimum: 60, maximum: 3600, default: 1800 }),
  /** AZ-06: a session's absolute lifetime (NIST N4 §2.2.3: AAL2 reauthentication at least every 24 h). */
  sessionMaxAgeSeconds: Type.Integer({ minimum: 300, maximum: 86_400, default: 86_400 }),

  // --- password sign-in and sign-up (docs/configuration.md): shared counters, checked before any hash ---
  /** Wrong passwords per account from one client IP over a rolling hour (the back-off). */
  maxPasswordFailuresPerAccountPerHour: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  /** Wrong passwords per account from one client IP over a rolling day (then refusal until it ends). */
  maxPasswordFailuresPerAccountPerDay: Type.Integer({ minimum: 1, maximum: 1000, default: 20 }),
  /** Wrong passwords from one client IP, whatever the account, over a rolling hour. */
  maxPasswordFailuresPerIpPerHour: Type.Integer({ minimum: 1, maximum: 100_000, default: 100 }),
  /** Wrong passwords from one client IP, whatever the account, over a rolling day. */
  maxPasswordFailuresPerIpPerDay: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 500 }),
  /** Sign-ups from one client IP over a rolling hour. */
  maxSignUpsPerIpPerHour: Type.Integer({ minimum: 1, maximum: 100_000, default: 20 }),
  /** Passwordless passkey sign-ins begun from one client IP over a rolling hour (each keeps a challenge). */
  maxPasskeySignInsPerIpPerHour: Type.Integer({ minimum: 1, maximum: 100_000, default: 300 }),
  /** Argon2 hashes at once per instance (each holds 19 MiB); unset: one per CPU core but one (at least 1). */
  argon2Concurrency: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
  /** Argon2 hashes that may wait for a slot; past that a request answers 503 SERVICE_BUSY. */
  argon2MaxQueued: Type.Integer({ minimum: 0, maximum: 1000, default: 8 }),

  // --- operations: metrics, event webhooks (docs/operations.md) ---
  /** Serve GET /metrics on a listener of its own at this port (0: any free port); unset: no such listener. */
  metricsPort: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
  /** The metrics listener's address; keep it private. */
  metricsHost: Type.String({ default: '127.0.0.1' }),
  /** Serve GET /metrics on the public listener too, to callers presenting `Authorization: Bearer <token>`. */
  metricsToken: Type.Optional(Type.String({ minLength: 32, maxLength: 512 })),
  /** How often an instance looks for event webhooks to send. */
  webhookPollMs: Type.Integer({ minimum: 50, maximum: 60_000, default: 1000 }),
  /** Attempts per event and endpoint before it is marked failed. */
  webhookMaxAttempts: Type.Integer({ minimum: 1, maximum: 50, default: 15 }),
  /** The wait after a failed attempt; each later one waits twice as long, up to an hour. */
  webhookFirstRetryMs: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 10_000 }),
  // --- management API (issue 11) ---
  /** get-otp-secret-by-user answers only when this is true (every read is audited). */
  allowOtpSecretExport: Type.Boolean({ default: false }),
  /** Lifetime of a management token (POST /api/v3/get-management-token). */
  managementTokenTtlSeconds: Type.Integer({ minimum: 60, maximum: 86_400, default: 7200 }),
  // --- FACE (docs/face.md) ---
  /** Who compares faces: the built-in model in a worker process, or an external service (faceMatcherUrl). */
  faceMatcher: Type.Optional(Type.Union([Type.Literal('builtin'), Type.Literal('http')])),
  faceMatcherUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
  /** Signs requests to the external face service (HMAC-SHA256, like the SMS webhook). */
  faceMatcherSecret: Type.Optional(Type.String({ minLength: 16, maxLength: 512 })),
  /** Built-in model: largest descriptor distance counted as the same face (measured in docs/face.md). */
  faceMatchThreshold: Type.Number({ minimum: 0.2, maximum: 0.8, default: 0.45 }),
  /** One face comparison (the first includes loading the model) before it answers 503. */
  faceTimeoutMs: Type.Integer({ minimum: 10, maximum: 120_000, default: 15_000 }),
  /** Face comparisons that may wait behind the running one; past that 503. */
  faceMaxQueued: Type.Integer({ minimum: 0, maximum: 100, default: 4 }),
  /** Largest face photo, decoded, in bytes. */
  faceMaxPhotoBytes: Type.Integer({ minimum: 10_000, maximum: 5_000_000, default: 2_000_000 }),
  /** Hosts an external `photo` URL may name, comma-separated; empty: data: URLs only (no SSRF). */
  facePhotoHosts: Type.String({ default: '', maxLength: 2048 }),
});

export type Config = Readonly<Static<typeof ConfigSchema>>;

/** Fills defaults, checks bounds, and freezes; throws one message naming every bad setting. */
export function loadConfig(input: Partial<Static<typeof ConfigSchema>>): Config {
  const withDefaults = Value.Default(ConfigSchema, structuredClone(input));
  // Checked first and worded for the operator: the schema alone would only say "expected union value".
  const trustProxy = trustProxyProblem((withDefaults as { trustProxy?: unknown }).trustProxy);
  if (trustProxy) throw new Error(`invalid configuration: ${trustProxy}`);
  const problems = [...Value.Errors(ConfigSchema, withDefaults)].map((e) => `${e.path || '/'}: ${e.message}`);
  if (problems.length > 0) throw new Error(`invalid configuration: ${problems.join('; ')}`);
  const config = withDefaults as Static<typeof ConfigSchema>;
  config.dataDir = resolve(config.dataDir);
  return Object.freeze(config);
}

/** TESSERA_* environment variables → configuration input. Unset variables keep the defaults. */
export function configFromEnv(env: Readonly<Record<string, string | undefined>>): Partial<Static<typeof ConfigSchema>> {
  const number = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : Number(env[name]));
  const text = (name: string) => (env[name] === '' ? undefined : env[name]);
  // "true" / "false"; anything else is kept as text so the schema names the bad setting.
  const flag = (name: string) => (env[name] === 'true' ? true : env[name] === 'false' ? false : text(name));
  const input: Record<string, unknown> = {
    host: text('TESSERA_HOST'),
    port: number('TESSERA_PORT'),
    dataDir: text('TESSERA_DATA_DIR'),
    keysFile: text('TESSERA_KEYS_FILE'),
    keysJson: text('TESSERA_KEYS'),
    publicUrl: text('TESSERA_PUBLIC_URL'),
    issuer: text('TESSERA_ISSUER'),
    accessTokenTtlSeconds: number('TESSERA_ACCESS_TOKEN_TTL_SECONDS'),
    enrollmentTtlSeconds: number('TESSERA_ENROLLMENT_TTL_SECONDS'),
    maxAttemptsPerEnrollment: number('TESSERA_MAX_ATTEMPTS_PER_ENROLLMENT'),
    sendIntervalSeconds: number('TESSERA_SEND_INTERVAL_SECONDS'),
    bodyLimitBytes: number('TESSERA_BODY_LIMIT_BYTES'),
    logLevel: text('TESSERA_LOG_LEVEL'),
    trustProxy: trustProxyFromEnv(env.TESSERA_TRUST_PROXY),
    databaseUrl: text('TESSERA_DATABASE_URL'),
    databasePoolSize: number('TESSERA_DATABASE_POOL_SIZE'),
    appCacheSeconds: number('TESSERA_APP_CACHE_SECONDS'),
    redisUrl: text('TESSERA_REDIS_URL'),
    redisKeyPrefix: text('TESSERA_REDIS_KEY_PREFIX'),
    // code delivery (docs/delivery.md)
    delivery: text('TESSERA_DELIVERY'),
    emailDelivery: text('TESSERA_EMAIL_DELIVERY'),
    smsDelivery: text('TESSERA_SMS_DELIVERY'),
    smtpUrl: text('TESSERA_SMTP_URL'),
    mailFrom: text('TESSERA_MAIL_FROM'),
    smsWebhookUrl: text('TESSERA_SMS_WEBHOOK_URL'),
    smsWebhookSecret: text('TESSERA_SMS_WEBHOOK_SECRET'),
    smsTwilioUrl: text('TESSERA_SMS_TWILIO_URL'),
    smsTwilioAccountSid: text('TESSERA_SMS_TWILIO_ACCOUNT_SID'),
    smsTwilioAuthToken: text('TESSERA_SMS_TWILIO_AUTH_TOKEN'),
    smsTwilioFrom: text('TESSERA_SMS_TWILIO_FROM'),
    deliveryTimeoutMs: number('TESSERA_DELIVERY_TIMEOUT_MS'),
    maxSendsPerHour: number('TESSERA_MAX_SENDS_PER_HOUR'),
    maxSendsPerDay: number('TESSERA_MAX_SENDS_PER_DAY'),
    maxSmsPerIpPerHour: number('TESSERA_MAX_SMS_PER_IP_PER_HOUR'),
    maxSmsPerIpPerDay: number('TESSERA_MAX_SMS_PER_IP_PER_DAY'),
    maxEmailPerIpPerHour: number('TESSERA_MAX_EMAIL_PER_IP_PER_HOUR'),
    maxEmailPerIpPerDay: number('TESSERA_MAX_EMAIL_PER_IP_PER_DAY'),
    smsDailyBudget: number('TESSERA_SMS_DAILY_BUDGET'),
    maxNoticesPerUserPerDay: number('TESSERA_MAX_NOTICES_PER_USER_PER_DAY'),
    mfaTokenTtlSeconds: number('TESSERA_MFA_TOKEN_TTL_SECONDS'),
    mfaCodeTtlSeconds: number('TESSERA_MFA_CODE_TTL_SECONDS'),
    maxAttemptsPerChallenge: number('TESSERA_MAX_ATTEMPTS_PER_CHALLENGE'),
    failuresPerLock: number('TESSERA_FAILURES_PER_LOCK'),
    failuresUntilAdminUnlock: number('TESSERA_FAILURES_UNTIL_ADMIN_UNLOCK'),
    firstLockSeconds: number('TESSERA_FIRST_LOCK_SECONDS'),
    maxLockSeconds: number('TESSERA_MAX_LOCK_SECONDS'),
    stepUpMaxAgeSeconds: number('TESSERA_STEP_UP_MAX_AGE_SECONDS'),
    sessionIdleSeconds: number('TESSERA_SESSION_IDLE_SECONDS'),
    sessionMaxAgeSeconds: number('TESSERA_SESSION_MAX_AGE_SECONDS'),
    maxPasswordFailuresPerAccountPerHour: number('TESSERA_MAX_PASSWORD_FAILURES_PER_ACCOUNT_PER_HOUR'),
    maxPasswordFailuresPerAccountPerDay: number('TESSERA_MAX_PASSWORD_FAILURES_PER_ACCOUNT_PER_DAY'),
    maxPasswordFailuresPerIpPerHour: number('TESSERA_MAX_PASSWORD_FAILURES_PER_IP_PER_HOUR'),
    maxPasswordFailuresPerIpPerDay: number('TESSERA_MAX_PASSWORD_FAILURES_PER_IP_PER_DAY'),
    maxSignUpsPerIpPerHour: number('TESSERA_MAX_SIGN_UPS_PER_IP_PER_HOUR'),
    maxPasskeySignInsPerIpPerHour: number('TESSERA_MAX_PASSKEY_SIGN_INS_PER_IP_PER_HOUR'),
    argon2Concurrency: number('TESSERA_ARGON2_CONCURRENCY'),
    argon2MaxQueued: number('TESSERA_ARGON2_MAX_QUEUED'),
    // operations (docs/operations.md)
    metricsPort: number('TESSERA_METRICS_PORT'),
    metricsHost: text('TESSERA_METRICS_HOST'),
    metricsToken: text('TESSERA_METRICS_TOKEN'),
    webhookPollMs: number('TESSERA_WEBHOOK_POLL_MS'),
    webhookMaxAttempts: number('TESSERA_WEBHOOK_MAX_ATTEMPTS'),
    webhookFirstRetryMs: number('TESSERA_WEBHOOK_FIRST_RETRY_MS'),
    allowOtpSecretExport: flag('TESSERA_ALLOW_OTP_SECRET_EXPORT'),
    managementTokenTtlSeconds: number('TESSERA_MANAGEMENT_TOKEN_TTL_SECONDS'),
    faceMatcher: text('TESSERA_FACE_MATCHER'),
    faceMatcherUrl: text('TESSERA_FACE_MATCHER_URL'),
    faceMatcherSecret: text('TESSERA_FACE_MATCHER_SECRET'),
    faceMatchThreshold: number('TESSERA_FACE_MATCH_THRESHOLD'),
    faceTimeoutMs: number('TESSERA_FACE_TIMEOUT_MS'),
    faceMaxQueued: number('TESSERA_FACE_MAX_QUEUED'),
    faceMaxPhotoBytes: number('TESSERA_FACE_MAX_PHOTO_BYTES'),
    facePhotoHosts: text('TESSERA_FACE_PHOTO_HOSTS'),
  };
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

export const paths = {
  sqliteFile: (config: Config) => join(config.dataDir, 'tessera.sqlite'),
  keysFile: (config: Config) => config.keysFile ?? join(config.dataDir, 'keys.json'),
  outboxFile: (config: Config) => join(config.dataDir, 'outbox.jsonl'),
};

/** Where users and apps reach this deployment, without a trailing slash. */
export function publicUrlOf(config: Config): string {
  return (config.publicUrl ?? `http://${config.host}:${config.port}`).replace(/\/+$/, '');
}

export function issuerOf(config: Config): string {
  return config.issuer ?? `${publicUrlOf(config)}/oidc`;
}
