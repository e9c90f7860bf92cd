import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { paths, type Config } from './config.js';
import { readKeyringFile, serializeKeyring } from './crypto/keyring.js';
import { loadKeyring } from './runtime.js';
import { openSqlite } from './storage/sqlite.js';
import { createSqlStore } from './storage/store.js';

/**
 * `tessera backup` and `tessera restore`: a consistent copy of the SQLite database taken while the server
 * runs (SQLite's online backup API), checked to open with the current keyring before it is kept, and the
 * way back into an empty data dir. PostgreSQL deployments use pg_dump (printed, never run for them).
 */

/** The keys file written beside a backup made with --include-keys. */
export const keysFileOfBackup = (file: string) => `${file}.keys.json`;

export type BackupOutcome =
  | { kind: 'postgres'; command: string; keys: string }
  | { kind: 'sqlite'; file: string; pages: number; keys: string; keysIncluded: boolean };

/** Pages copied per step: everything at once, so writers never make the copy start over. */
const ALL_PAGES = 0x7fffffff;

export async function backupDatabase(config: Config, file: string, options: { includeKeys?: boolean } = {}): Promise<BackupOutcome> {
  const target = resolve(file);
  const keys = whichKeysToKeep(config);
  if (config.databaseUrl) {
    // The URL stays in the environment variable: a printed command must not carry the password.
    return { kind: 'postgres', command: `pg_dump --format=custom --file=${shellQuote(target)} "$TESSERA_DATABASE_URL"`, keys };
  }
  const source = paths.sqliteFile(config);
  if (!existsSync(source)) throw new Error(`no database at ${source} (TESSERA_DATA_DIR)`);
  if (existsSync(target)) throw new Error(`${target} exists; a backup never overwrites a file`);
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  const partial = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  const live = new SqliteDatabase(source, { readonly: true, fileMustExist: true });
  live.pragma('busy_timeout = 5000');
  try {
    const { totalPages } = await live.backup(partial, { progress: () => ALL_PAGES });
    chmodSync(partial, 0o600);
    // KEY-03: a copy the current keyring cannot open is no backup; refuse it before it looks like one.
    const keyring = await keyringOpening(config, partial);
    if (options.includeKeys) writeFileSync(keysFileOfBackup(target), serializeKeyring(keyring), { mode: 0o600, flag: 'wx' });
    renameSync(partial, target);
    return { kind: 'sqlite', file: target, pages: totalPages, keys, keysIncluded: Boolean(options.includeKeys) };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    live.close();
  }
}

export interface RestoreOutcome {
  database: string;
  /** Where the restored server will read its keyring, and whether it opened the restored database. */
  keysFile: string;
  keysChecked: boolean;
}

/** Copies a backup into an empty data dir, with its keys file when the backup has one beside it. */
export async function restoreDatabase(file: string, dataDir: string, config: Config): Promise<RestoreOutcome> {
  if (config.databaseUrl) {
    throw new Error('this deployment runs on PostgreSQL: restore a pg_dump with pg_restore (docs/operations.md), not with tessera restore');
  }
  const source = resolve(file);
  if (!existsSync(source)) throw new Error(`no backup at ${source}`);
  const target = resolve(dataDir);
  if (existsSync(target) && readdirSync(target).length > 0) throw new Error(`${target} is not empty; restore only into an empty data dir`);
  mkdirSync(target, { recursive: true, mode: 0o700 });
  const restoredConfig: Config = { ...config, dataDir: target };
  const database = paths.sqliteFile(restoredConfig);
  // Through SQLite, not a byte copy: a file that is not a database fails here, not at the next start.
  const backup = new SqliteDatabase(source, { readonly: true, fileMustExist: true });
  try {
    const [check] = backup.pragma('quick_check') as { quick_check: string }[];
    if (check?.quick_check !== 'ok') throw new Error(`${source} is damaged: ${check?.quick_check ?? 'unreadable'}`);
    await backup.backup(database, { progress: () => ALL_PAGES });
    chmodSync(database, 0o600);
  } finally {
    backup.close();
  }
  const includedKeys = keysFileOfBackup(source);
  if (!config.keysJson && !config.keysFile && existsSync(includedKeys)) {
    copyFileSync(includedKeys, paths.keysFile(restoredConfig));
    chmodSync(paths.keysFile(restoredConfig), 0o600);
  }
  const keysFile = config.keysJson ? 'TESSERA_KEYS' : paths.keysFile(restoredConfig);
  const keysAvailable = Boolean(config.keysJson) || readKeyringFile(paths.keysFile(restoredConfig)) !== undefined;
  if (keysAvailable) await keyringOpening(restoredConfig, database);
  return { database, keysFile, keysChecked: keysAvailable };
}

/** Opens a copied database and proves the configured keyring opens it (KEY-03's check); answers that keyring. */
async function keyringOpening(config: Config, databaseFile: string) {
  const db = openSqlite(databaseFile);
  try {
    return await loadKeyring(config, createSqlStore(db), { mayGenerate: false });
  } finally {
    await db.destroy();
  }
}

function whichKeysToKeep(config: Config): string {
  return config.keysJson ? 'the keyring in TESSERA_KEYS' : `the keys file ${paths.keysFile(config)}`;
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
