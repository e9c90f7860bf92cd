import pino from 'pino';
import { configFromEnv, loadConfig, type Config } from '../config.js';
import { openRuntime, type Runtime } from '../runtime.js';
import type { Env } from './index.js';

/** The configuration the server would use, from the same environment. */
export function configOf(env: Env): Config {
  return loadConfig(configFromEnv(env));
}

/** Opens the deployment's store and services for one command, then closes them. */
export async function withRuntime<T>(env: Env, work: (runtime: Runtime) => Promise<T>): Promise<T> {
  // Only `tessera serve` may create a missing keys file (KEY-03).
  const runtime = await openRuntime(configOf(env), { logger: pino({ level: 'warn' }, pino.destination(2)), mayGenerateKeyring: false });
  try {
    return await work(runtime);
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
