import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { generateKeyring, type Keyring } from '../../src/crypto/keyring.js';
import type { RequestContext } from '../../src/domain/audit/audit-trail.js';
import type { Caller } from '../../src/domain/flows/caller.js';
import { isNotice, type AppRecord, type OutgoingCode, type OutgoingNotice } from '../../src/domain/ports.js';
import { openRuntime, type Runtime, type Services } from '../../src/runtime.js';
import { migrateToLatest } from '../../src/storage/migrator.js';
import { openSqlite } from '../../src/storage/sqlite.js';
import { createSqlStore } from '../../src/storage/store.js';
import { ManualClock } from './manual-clock.js';

export const TEST_CONTEXT: RequestContext = { appId: null, ip: '203.0.113.7', userAgent: 'domain-test' };
export const TEST_PASSWORD = 'correct horse battery staple';

export type SignedInCaller = Caller & { accessToken: string; email: string };

export interface DomainHarness {
  services: Services;
  runtime: Runtime;
  clock: ManualClock;
  app: AppRecord;
  /** Every code handed to delivery, oldest first. */
  sent: OutgoingCode[];
  /** Every security notice handed to delivery, oldest first. */
  notices: OutgoingNotice[];
  /** A new user, signed in with a password (a live aal1 session). */
  signedInUser(): Promise<SignedInCaller>;
  /** The caller as its next request would see it: the session re-read, as every HTTP request does. */
  now(caller: SignedInCaller): Promise<SignedInCaller>;
  /** The domain services behind fastify, for inject() — no socket. */
  inject: Awaited<ReturnType<typeof buildApp>>['inject'];
  close(): Promise<void>;
}

/**
 * The domain with real adapters and no server: SQLite in memory, real crypto, the manual clock, and a
 * delivery that keeps codes in memory. For fast tests of use cases; black-box suites use a real server.
 */
export async function openDomainHarness(
  config: Partial<Config> = {},
  /** To reopen the same database (a SQLite file) with another keyring, as a restarted instance would. */
  options: { sqliteFile?: string; keyring?: Keyring; clock?: ManualClock } = {},
): Promise<DomainHarness> {
  const db = openSqlite(options.sqliteFile ?? ':memory:');
  await migrateToLatest(db);
  const clock = options.clock ?? new ManualClock();
  const sent: OutgoingCode[] = [];
  const notices: OutgoingNotice[] = [];
  const keyring = options.keyring ?? (await generateKeyring());
  const resolved = loadConfig({ keysJson: JSON.stringify(keyring), logLevel: 'silent', ...config });
  const runtime = await openRuntime(resolved, {
    store: createSqlStore(db),
    clock,
    logger: pino({ level: 'silent' }),
    codeSender: { send: async (message) => void (isNotice(message) ? notices.push(message) : sent.push(message)) },
  });
  const { services } = runtime;
  const existing = (await services.admin.listApps())[0];
  const app = existing ?? (await services.admin.createApp({ name: 'Domain test', tokenEndpointAuthMethod: 'none' })).app;
  const http = await buildApp(services, resolved, runtime.logger);

  async function signedInUser() {
    const email = `user-${randomBytes(4).toString('hex')}@example.com`;
    await services.admin.createUser({ email, password: TEST_PASSWORD });
    const outcome = await services.signIn(app, { connection: 'PASSWORD', passwordPayload: { email, password: TEST_PASSWORD } }, {}, TEST_CONTEXT);
    if (outcome.kind !== 'signed-in') throw new Error(`expected a plain sign-in, got ${outcome.kind}`);
    const caller = await services.callers.authenticate(app, outcome.accessToken);
    return { ...caller, accessToken: outcome.accessToken, email };
  }

  async function now(caller: SignedInCaller): Promise<SignedInCaller> {
    return { ...(await services.callers.authenticate(app, caller.accessToken)), accessToken: caller.accessToken, email: caller.email };
  }

  return {
    services,
    runtime,
    clock,
    app,
    sent,
    notices,
    signedInUser,
    now,
    inject: http.inject.bind(http),
    close: async () => {
      await http.close();
      await runtime.close();
    },
  };
}

/** The last code sent to an address. */
export function lastCodeTo(sent: readonly OutgoingCode[], to: string): string {
  const message = sent.filter((entry) => entry.to === to).at(-1);
  if (!message) throw new Error(`no code was sent to ${to}`);
  return message.code;
}
