import pino from 'pino';
import { configFromEnv, loadConfig, type Config } from '../config.js';
import { openRuntime, type Services } from '../runtime.js';

/** The environment the CLI reads its TESSERA_* settings from. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Who the audit trail names for an operator's command. */
export const CLI_CONTEXT = { appId: null, ip: null, userAgent: 'tessera-cli' } as const;

/** The configuration the server would use, from the same environment. */
export function configOf(env: Env): Config {
  return loadConfig(configFromEnv(env));
}

/** Opens the deployment's services for one command, then closes them. */
export async function withServices<T>(env: Env, work: (services: Services) => Promise<T>): Promise<T> {
  // Only `tessera serve` may create a missing keys file (KEY-03).
  const runtime = await openRuntime(configOf(env), { logger: pino({ level: 'warn' }, pino.destination(2)), mayGenerateKeyring: false });
  try {
    return await work(runtime.services);
  } finally {
    await runtime.close();
  }
}

/** Prints a value as JSON (with --json) or as `key: value` lines. */
export function print(value: Record<string, unknown> | Record<string, unknown>[], json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    return;
  }
  const rows = Array.isArray(value) ? value : [value];
  for (const row of rows) {
    for (const [key, field] of Object.entries(row)) process.stdout.write(`${key}: ${typeof field === 'string' ? field : JSON.stringify(field)}\n`);
    process.stdout.write('\n');
  }
}

/** A --limit option: an integer from 1 to `max`. */
export function parseLimit(value: string, max: number): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw new Error(`--limit must be an integer from 1 to ${max}`);
  return limit;
}
