/**
 * Peer for the benchmark: better-auth (SQLite through better-sqlite3, its two-factor plugin) on node:http.
 * Usage: node --import tsx bench/peers/better-auth-server.ts <port> <data-dir>. Bench-only, never the server's.
 * Its rate limiter is off, as Tessera's per-IP caps are raised for the bench (all load comes from 127.0.0.1).
 */
import { createServer } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { toNodeHandler } from 'better-auth/node';
import { twoFactor } from 'better-auth/plugins';

const port = Number(process.argv[2]);
const database = new Database(join(process.argv[3] ?? '.', `better-auth-${Date.now()}.sqlite`));
database.pragma('journal_mode = WAL');
const baseURL = `http://127.0.0.1:${port}`;
const options = {
  appName: 'Bench',
  baseURL,
  secret: 'bench-only-secret-bench-only-secret-0123456789',
  database,
  emailAndPassword: { enabled: true },
  rateLimit: { enabled: false },
  trustedOrigins: [baseURL],
  plugins: [twoFactor()],
  telemetry: { enabled: false },
};
const { runMigrations } = await getMigrations(options);
await runMigrations();
const auth = betterAuth(options);
const handler = toNodeHandler(auth);
createServer((request, response) => {
  if (request.url === '/') {
    response.end('ok');
    return;
  }
  void handler(request, response);
}).listen(port, '127.0.0.1', () => process.stdout.write(`listening ${port}\n`));
