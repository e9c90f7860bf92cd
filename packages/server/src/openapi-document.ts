import pino from 'pino';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { generateKeyring } from './crypto/keyring.js';
import { renderOpenApi } from './http/plugins/openapi.js';
import { openRuntime } from './runtime.js';
import { migrateToLatest } from './storage/migrator.js';
import { openSqlite } from './storage/sqlite.js';
import { createSqlStore } from './storage/store.js';

/** The OpenAPI document of the route schemas, built on a throwaway in-memory store just to read them. */
export async function generateOpenApiDocument(): Promise<string> {
  const config = loadConfig({ keysJson: JSON.stringify(await generateKeyring()), logLevel: 'silent' });
  const db = openSqlite(':memory:');
  // Migrated, because the runtime checks the keyring against the database (KEY-03).
  await migrateToLatest(db);
  const runtime = await openRuntime(config, { store: createSqlStore(db), logger: pino({ level: 'silent' }) });
  const app = await buildApp(runtime.services, config, runtime.logger);
  await app.ready();
  const document = renderOpenApi(app);
  await app.close();
  await runtime.close();
  return document;
}
