import { join, resolve } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

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
  /** `iss` of access tokens; defaults to http://<host>:<port>/oidc. */
  issuer: Type.Optional(Type.String()),
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
  /** Trust X-Forwarded-For from a proxy in front (client IPs for throttles and audit). */
  trustProxy: Type.Boolean({ default: false }),
});

export type Config = Readonly<Static<typeof ConfigSchema>>;

/** Fills defaults, checks bounds, and freezes; throws one message naming every bad setting. */
export function loadConfig(input: Partial<Static<typeof ConfigSchema>>): Config {
  const withDefaults = Value.Default(ConfigSchema, structuredClone(input));
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
  const input: Record<string, unknown> = {
    host: text('TESSERA_HOST'),
    port: number('TESSERA_PORT'),
    dataDir: text('TESSERA_DATA_DIR'),
    keysFile: text('TESSERA_KEYS_FILE'),
    keysJson: text('TESSERA_KEYS'),
    issuer: text('TESSERA_ISSUER'),
    accessTokenTtlSeconds: number('TESSERA_ACCESS_TOKEN_TTL_SECONDS'),
    enrollmentTtlSeconds: number('TESSERA_ENROLLMENT_TTL_SECONDS'),
    maxAttemptsPerEnrollment: number('TESSERA_MAX_ATTEMPTS_PER_ENROLLMENT'),
    sendIntervalSeconds: number('TESSERA_SEND_INTERVAL_SECONDS'),
    bodyLimitBytes: number('TESSERA_BODY_LIMIT_BYTES'),
    logLevel: text('TESSERA_LOG_LEVEL'),
    trustProxy: env.TESSERA_TRUST_PROXY === undefined ? undefined : env.TESSERA_TRUST_PROXY === 'true',
  };
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

export const paths = {
  sqliteFile: (config: Config) => join(config.dataDir, 'tessera.sqlite'),
  keysFile: (config: Config) => config.keysFile ?? join(config.dataDir, 'keys.json'),
  outboxFile: (config: Config) => join(config.dataDir, 'outbox.jsonl'),
};

export function issuerOf(config: Config): string {
  return config.issuer ?? `http://${config.host}:${config.port}/oidc`;
}
