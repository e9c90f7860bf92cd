import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { migrateToLatest } from '../../src/storage/migrator.js';
import { openSqlite } from '../../src/storage/sqlite.js';

/**
 * SQLite shared by two processes — `tessera serve` and the CLI beside it — must neither corrupt nor
 * refuse: WAL lets readers go on while one writes, and busy_timeout makes a writer wait for the other
 * instead of failing with SQLITE_BUSY (DUR-05). The single-use races (RPL-04, REC-02) run on SQLite by
 * default in threats/.
 */
const LOCK_HELD_MS = 400;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-'));
});

describe('SQLite connection settings', () => {
  test('a file database runs in WAL mode with a busy timeout', async () => {
    const db = openSqlite(join(dir, 'settings.db'));
    try {
      const journal = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(db);
      const busy = await sql<{ timeout: number }>`PRAGMA busy_timeout`.execute(db);
      expect(journal.rows[0]?.journal_mode).toBe('wal');
      expect(busy.rows[0]?.timeout).toBeGreaterThanOrEqual(1000);
    } finally {
      await db.destroy();
    }
  });

  test('a write while another process holds the write lock waits for it instead of failing', async () => {
    const path = join(dir, 'shared.db');
    const db = openSqlite(path);
    await migrateToLatest(db);
    // Another process (as the CLI would be) takes the write lock and holds it for a while.
    const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    const holder = spawn(process.execPath, [
      '-e',
      `const db = new (require(${JSON.stringify(betterSqlite)}))(${JSON.stringify(path)});
       db.exec('BEGIN IMMEDIATE');
       process.stdout.write('locked\\n');
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${LOCK_HELD_MS});
       db.exec('COMMIT');`,
    ]);
    await new Promise<void>((resolve, reject) => {
      holder.stdout.once('data', () => resolve());
      holder.once('error', reject);
    });
    const started = Date.now();
    await sql`CREATE TABLE written_while_locked (id INTEGER)`.execute(db);
    expect(Date.now() - started).toBeGreaterThanOrEqual(LOCK_HELD_MS / 4);
    await new Promise((resolve) => holder.once('exit', resolve));
    await db.destroy();
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));
