import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig, paths, type Config } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/main.js';
import type { RuntimeOverrides } from '../../src/runtime.js';
import { ManualClock } from './manual-clock.js';
import { LogCapture } from './log-capture.js';
import { createThrowawayDatabase } from './throwaway-postgres.js';

export interface TestServer {
  url: string;
  appId: string;
  appSecret: string;
  clock: ManualClock;
  logs: LogCapture;
  server: RunningServer;
  config: Config;
  dataDir: string;
  /** Codes the development outbox received, oldest first (security notices apart: `notices()`). */
  outbox(): OutboxLine[];
  /** Security notices the development outbox received, oldest first. */
  notices(): NoticeLine[];
  /** The newest code sent to an address (E.164 phone or email). */
  lastCodeFor(to: string): string;
  close(): Promise<void>;
}

export interface NoticeLine {
  channel: 'sms' | 'email';
  to: string;
  event: string;
  text: string;
}

export interface OutboxLine {
  channel: 'sms' | 'email';
  to: string;
  code: string;
  purpose: string;
  text: string;
  createdAt: string;
}

/**
 * A real Tessera on 127.0.0.1 with a fresh SQLite file in a temp data dir, a manual clock and a captured
 * log. The default application is created on first start, as `npm start` does.
 */
export async function startTestServer(
  options: { config?: Partial<Config>; overrides?: RuntimeOverrides; clock?: ManualClock } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-test-'));
  const clock = options.clock ?? new ManualClock();
  const logs = new LogCapture();
  // TESSERA_TEST_DATABASE=postgres runs the same suites on a throwaway PostgreSQL database per server.
  const database =
    process.env.TESSERA_TEST_DATABASE === 'postgres' && !options.config?.databaseUrl && !options.overrides?.store
      ? await createThrowawayDatabase()
      : undefined;
  const config = loadConfig({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    logLevel: 'info',
    // Every test client is 127.0.0.1 and suites fire 20 sign-ins or recovery codes for one account at
    // once: lift the per-IP sign-up cap, the per-account password budget (parallel sign-ins each reserve
    // a unit) and the Argon2 queue. The threat tests of those limits set them themselves
    // (threats/password.*, sign-up.flood, argon2.memory-exhaustion).
    maxSignUpsPerIpPerHour: 100_000,
    maxPasswordFailuresPerAccountPerHour: 100,
    maxPasswordFailuresPerAccountPerDay: 1000,
    argon2MaxQueued: 1000,
    ...(database ? { databaseUrl: database.url } : {}),
    ...options.config,
  });
  let credentials: { appId: string; appSecret: string } | undefined;
  const server = await startServer(config, {
    clock,
    logger: pino({ level: 'info' }, logs.stream),
    ...options.overrides,
    onFirstApp: (created) => {
      credentials = created;
    },
  });
  if (!credentials) throw new Error('the test data dir was not empty');
  return asTestServer(server, { config, clock, logs, credentials }, async () => {
    await server.close();
    await database?.drop();
  });
}

/** Wraps a started server with what tests read: its credentials, clock, log and outbox. */
export function asTestServer(
  server: RunningServer,
  parts: { config: Config; clock: ManualClock; logs: LogCapture; credentials: { appId: string; appSecret: string } },
  close: () => Promise<void> = () => server.close(),
): TestServer {
  const { config } = parts;
  const outboxFile = paths.outboxFile(config);
  const lines = (): (OutboxLine & { event?: string })[] =>
    existsSync(outboxFile) ? readFileSync(outboxFile, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];
  const outbox = (): OutboxLine[] => lines().filter((line) => line.purpose !== 'security-notice');
  const notices = (): NoticeLine[] => lines().filter((line) => line.purpose === 'security-notice') as unknown as NoticeLine[];
  return {
    url: server.url,
    ...parts.credentials,
    clock: parts.clock,
    logs: parts.logs,
    server,
    config,
    dataDir: config.dataDir,
    outbox,
    notices,
    lastCodeFor(to) {
      const line = outbox().filter((entry) => entry.to === to).at(-1);
      if (!line) throw new Error(`no code was sent to ${to}`);
      return line.code;
    },
    close,
  };
}
