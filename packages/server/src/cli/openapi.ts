import type { Command } from 'commander';
import { buildApp } from '../app.js';
import { renderOpenApi } from '../http/openapi.js';
import { loadConfig } from '../config.js';
import { openRuntime } from '../runtime.js';
import { migrateToLatest } from '../storage/migrator.js';
import { openSqlite } from '../storage/sqlite.js';
import { createSqlStore } from '../storage/store.js';
import { generateKeyring } from '../crypto/keyring.js';
import pino from 'pino';
import type { Env } from './index.js';

export function registerOpenApiCommand(program: Command, _env: Env): void {
  program
    .command('openapi')
    .description('Print the OpenAPI document generated from the route schemas')
    .action(async () => {
      process.stdout.write(await generateOpenApiDocument());
    });
}

/** Builds the app on a throwaway in-memory store just to read its route schemas. */
export async function generateOpenApiDocument(): Promise<string> {
  const config = loadConfig({ keysJson: JSON.stringify(await generateKeyring()), logLevel: 'silent' });
  const db = openSqlite(':memory:');
  // Migrated, because the runtime checks the keyring against the database (KEY-03).
  await migrateToLatest(db);
  const runtime = await openRuntime(config, { store: createSqlStore(db), logger: pino({ level: 'silent' }) });
  const app = await buildApp(runtime);
  await app.ready();
  const document = renderOpenApi(app);
  await app.close();
  await runtime.close();
  return document;
}
