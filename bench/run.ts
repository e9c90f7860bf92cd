/**
 * Tessera against bare node:http, in one run, on one machine: `npm run build && npm run bench -- [options]`
 *
 *   --users N          seeded users (each with an OTP factor); default 1000. Seeding is skipped when the
 *                      data dir already holds them (so the 1M seed is paid once).
 *   --connections C    concurrent connections; default 20
 *   --duration S       seconds per scenario; default 8
 *   --driver D         autocannon (default) or wrk (when installed; single-use scenarios stay on autocannon)
 *   --verify N         seeded users verified once each in mfa-totp-verify; default min(10000, users - redeem)
 *   --redeem N         seeded users signed in (untimed) then redeemed once each; default 200
 *   --data-dir DIR     default .tmp/bench-<N>
 *   --log-level L      Tessera's log level during the run; default: Tessera's own default (info)
 *   --only a,b         run only these scenarios (the baselines always run)
 *   --peers            also run the better-auth peer (bench/peers/): get-session, verify-totp
 *   --profile DIR      write a V8 CPU profile of the Tessera process to DIR (open in Chrome DevTools)
 *
 * No reply body is read in a timed run: envelopes are checked on an untimed sample before it, and the
 * single-use scenarios count their successes in the database after it. TESSERA_DATABASE_URL /
 * TESSERA_REDIS_URL in the environment run it on PostgreSQL / Redis instead (give it an empty database).
 * Never part of `npm test`. See docs/performance.md.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { configFromEnv, loadConfig } from '../packages/server/src/config.js';
import { Secret } from 'otpauth';
import { generateTotp } from '../packages/server/src/domain/factors/otp/totp.js';
import { openRuntime } from '../packages/server/src/runtime.js';
import { openStore } from '../packages/server/src/storage/open-store.js';
import { freePort } from '../packages/server/test/support/free-port.js';
import { readRss, startChild } from './child-process.js';
import { drive, wrkInstalled, type BenchRequest, type DriverName, type Measured } from './drivers.js';
import { seedDeployment, seededUser, SEED_PASSWORD } from './seed.js';
import { betterAuthUsers, getSessionRequests, verifyTotpRequests } from './peers/better-auth.js';
import { mintSessions } from './sessions.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TESSERA_BIN = join(ROOT, 'packages/server/bin/tessera.js');
const BARE_SERVER = join(ROOT, 'bench/bare-server.ts');
const STORE_CEILING_SERVER = join(ROOT, 'bench/store-ceiling-server.mjs');
const BETTER_AUTH_SERVER = join(ROOT, 'bench/peers/better-auth-server.ts');
/** Signed-in users with an OTP factor that the read scenarios rotate over. */
const ROTATION = 64;
const PASSWORD_USERS = 16;
/** Requests of a rotating scenario whose envelopes are checked, untimed, before it runs. */
const SAMPLE = 20;
/** The same for single-use scenarios, whose sampled requests are spent and left out of the timed run. */
const ONCE_SAMPLE = 5;

const options = parseArgs(process.argv.slice(2));
const dataDir = resolve(options['data-dir'] ?? join(ROOT, `.tmp/bench-${options.users}`));
mkdirSync(dataDir, { recursive: true });
const env = { ...process.env, TESSERA_DATA_DIR: dataDir };
const connections = Number(options.connections ?? 20);
const duration = Number(options.duration ?? 8);
const driver: DriverName = options.driver === 'wrk' && wrkInstalled() ? 'wrk' : 'autocannon';
if (options.driver === 'wrk' && driver !== 'wrk') process.stderr.write('wrk is not installed: using autocannon\n');
const redeemCount = Math.min(Number(options.redeem ?? 200), Math.floor(options.users / 2));
const verifyCount = Math.min(Number(options.verify ?? 10_000), options.users - redeemCount);

await seedDeployment(env, options.users);
const app = await benchApp();
// The bench's own limits: its sign-ups all come from 127.0.0.1 (the default cap is 20 an hour per IP).
const tesseraEnv = {
  ...env,
  TESSERA_MAX_SIGN_UPS_PER_IP_PER_HOUR: '100000',
  ...(options['log-level'] ? { TESSERA_LOG_LEVEL: options['log-level'] } : {}),
  // Also read by the in-process session minting: the token issuer's name follows the port.
  TESSERA_PORT: String(await freePort()),
};
if (!existsSync(join(ROOT, 'packages/server/dist/cli/index.js'))) throw new Error('packages/server/dist is missing: run `npm run build` first');
const tessera = await startChild(
  // As `npm start` runs it (package.json): the young generation kept small.
  ['--max-semi-space-size=2', ...(options.profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(options.profile)}`] : []), TESSERA_BIN, 'serve'],
  tesseraEnv,
  'tessera',
);
try {
  await run();
} finally {
  tessera.child.kill('SIGTERM');
  await new Promise((done) => tessera.child.once('exit', done));
}

interface Scenario {
  name: string;
  url: string;
  /** Built right before the run (TOTP codes are of the current step). */
  requests: () => BenchRequest[] | Promise<BenchRequest[]>;
  mode: 'rotate' | 'once';
  /** Once-scenarios: how many of the requests succeeded, read from the database after the run. */
  successes?: () => Promise<number>;
}

interface Result extends Measured {
  name: string;
  /** Non-success envelopes: in the untimed sample (rotate) or among all requests (once). */
  failed: string;
  successesPerSecond?: number;
  /** 1-minute load average right after the scenario. */
  load: number;
  rssMb?: number | undefined;
}

async function run(): Promise<void> {
  const base = tessera.url;
  const headers = (token?: string): Record<string, string> => ({
    'content-type': 'application/json',
    'x-authing-app-id': app.appId,
    ...(token ? { authorization: token } : {}),
  });
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const init: RequestInit = { method, headers: headers(token), ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
    const response = await fetch(new URL(path, base), init);
    const text = await response.text();
    return { text, json: JSON.parse(text) as { statusCode?: number; code?: number; apiCode?: number; data?: any } };
  };

  // The seeded users fill the tables (1k or 1M factors) and serve the single-use scenarios; the read load
  // comes from users made here over HTTP, so those tokens come from the real sign-up/sign-in path.
  const runId = Date.now().toString(36);
  const signUpAndIn = async (email: string) => {
    await call('POST', '/api/v3/signup', undefined, { connection: 'PASSWORD', passwordPayload: { email, password: SEED_PASSWORD } });
    const body = { connection: 'PASSWORD', passwordPayload: { email, password: SEED_PASSWORD }, client_id: app.appId, client_secret: app.appSecret };
    const signedIn = await call('POST', '/api/v3/signin', undefined, body);
    if (signedIn.json.statusCode !== 200) throw new Error(`signin failed: ${signedIn.text}`);
    return { body, token: signedIn.json.data.access_token as string };
  };
  const seeded: { token: string; factorId: string }[] = [];
  for (let i = 0; i < ROTATION; i += 1) {
    const { token } = await signUpAndIn(`bench-${runId}-${i}@bench.tessera.test`);
    const started = await call('POST', '/api/v3/send-enroll-factor-request', token, { factorType: 'OTP', profile: {} });
    const secret = secretOfUri(started.json.data.otpData.qrCodeUri as string);
    const confirmed = await call('POST', '/api/v3/enroll-factor', token, {
      factorType: 'OTP',
      enrollmentToken: started.json.data.enrollmentToken,
      enrollmentData: { passCode: generateTotp(secret, Date.now()) },
    });
    if (confirmed.json.statusCode !== 200) throw new Error(`enroll-factor failed: ${confirmed.text}`);
    const listed = await call('GET', '/api/v3/list-enrolled-factors', token);
    seeded.push({ token, factorId: listed.json.data[0].factorId as string });
  }
  const passwordUsers: { body: unknown; token: string }[] = [];
  for (let i = 0; i < PASSWORD_USERS; i += 1) passwordUsers.push(await signUpAndIn(`password-${runId}-${i}@bench.tessera.test`));

  const getFactorReply = await call('GET', `/api/v3/get-factor?factorId=${seeded[0]!.factorId}`, seeded[0]!.token);
  if (getFactorReply.json.statusCode !== 200) throw new Error(`get-factor failed: ${getFactorReply.text}`);
  const replyBytes = Buffer.byteLength(getFactorReply.text);
  const barePort = await freePort();
  const bare = await startChild(['--import', 'tsx', BARE_SERVER, String(barePort), String(replyBytes), 'node'], process.env, 'bare', `http://127.0.0.1:${barePort}`);
  const fastifyPort = await freePort();
  const fastify = await startChild(['--import', 'tsx', BARE_SERVER, String(fastifyPort), String(replyBytes), 'fastify'], process.env, 'fastify', `http://127.0.0.1:${fastifyPort}`);

  // SQLite only: fastify plus the two reads a get-factor needs, from this run's database (store-ceiling-server.mjs).
  const ceilingPort = await freePort();
  const storeCeiling = process.env.TESSERA_DATABASE_URL
    ? undefined
    : await startChild([STORE_CEILING_SERVER, String(ceilingPort), dataDir], process.env, 'store ceiling', `http://127.0.0.1:${ceilingPort}`);

  const peerPort = await freePort();
  const peer = 'peers' in options ? await startChild(['--import', 'tsx', BETTER_AUTH_SERVER, String(peerPort), dataDir], process.env, 'better-auth', `http://127.0.0.1:${peerPort}`) : undefined;
  const peerUsers = peer ? await betterAuthUsers(peer.url, ROTATION) : [];
  const getFactor = (): BenchRequest[] =>
    seeded.map((user) => ({ method: 'GET', path: `/api/v3/get-factor?factorId=${user.factorId}`, headers: headers(user.token) }));
  // Single-use scenarios draw from disjoint ranges of seeded users: [0, verify) and [verify, verify + redeem).
  const verifyUsers = Array.from({ length: verifyCount }, (_, index) => seededUser(index));
  const redeemUsers = Array.from({ length: redeemCount }, (_, index) => seededUser(verifyCount + index));
  /** The step the single-use codes were made for, less the drift the server allows. */
  let codeStep = 0;
  const scenarios: Scenario[] = [
    // The baselines get exactly the get-factor requests (same paths, headers, connections, driver).
    { name: 'bare node:http', url: bare.url, mode: 'rotate', requests: getFactor },
    { name: 'fastify hello world', url: fastify.url, mode: 'rotate', requests: getFactor },
    ...(storeCeiling ? [{ name: 'fastify + two SQLite reads + log line (store ceiling)', url: storeCeiling.url, mode: 'rotate' as const, requests: getFactor }] : []),
    { name: 'get-factor', url: base, mode: 'rotate', requests: getFactor },
    {
      name: 'list-enrolled-factors',
      url: base,
      mode: 'rotate',
      requests: () => seeded.map((user) => ({ method: 'GET', path: '/api/v3/list-enrolled-factors', headers: headers(user.token) })),
    },
    {
      // Every request a distinct seeded user with its current code: each one should succeed.
      name: `mfa-totp-verify (${verifyCount} users, once each)`,
      url: base,
      mode: 'once',
      requests: async () => {
        process.stderr.write(`minting ${verifyCount} sessions...\n`);
        const tokens = await mintSessions(tesseraEnv, app.appId, verifyUsers.map((user) => user.id));
        const now = Date.now();
        codeStep = Math.floor(now / 30_000) - 1;
        return verifyUsers.map((user, index) => ({
          method: 'POST',
          path: '/api/v3/mfa-totp-verify',
          headers: headers(tokens[index]),
          body: JSON.stringify({ totp: generateTotp(user.secret, now) }),
        }));
      },
      successes: () => countVerified(verifyUsers.map((user) => user.factorId), codeStep),
    },
    {
      // The second step of an MFA sign-in: the password step is untimed (Argon2), the redemption timed.
      name: `sign-in MFA redemption (${redeemCount} users, once each)`,
      url: base,
      mode: 'once',
      requests: async () => {
        process.stderr.write(`signing in ${redeemCount} seeded users (untimed)...\n`);
        const mfaTokens = await inBatches(redeemUsers, 8, async (user) => {
          const answer = await call('POST', '/api/v3/signin', undefined, {
            connection: 'PASSWORD',
            passwordPayload: { email: user.email, password: SEED_PASSWORD },
            client_id: app.appId,
            client_secret: app.appSecret,
          });
          if (answer.json.apiCode !== 1635) throw new Error(`expected an MFA challenge: ${answer.text}`);
          return answer.json.data.mfaToken as string;
        });
        const now = Date.now();
        codeStep = Math.floor(now / 30_000) - 1;
        return redeemUsers.map((user, index) => ({
          method: 'POST',
          path: '/api/v2/mfa/totp/verify',
          headers: headers(`Bearer ${mfaTokens[index]}`),
          body: JSON.stringify({ totp: generateTotp(user.secret, now) }),
        }));
      },
      successes: () => countVerified(redeemUsers.map((user) => user.factorId), codeStep),
    },
    {
      name: 'send-enroll-factor-request (OTP)',
      url: base,
      mode: 'rotate',
      requests: () =>
        passwordUsers.map((user) => ({
          method: 'POST',
          path: '/api/v3/send-enroll-factor-request',
          headers: headers(user.token),
          body: JSON.stringify({ factorType: 'OTP', profile: {} }),
        })),
    },
    {
      name: 'signin',
      url: base,
      mode: 'rotate',
      requests: () => passwordUsers.map((user) => ({ method: 'POST', path: '/api/v3/signin', headers: headers(), body: JSON.stringify(user.body) })),
    },
    ...(peer
      ? ([
          { name: 'peer: better-auth get-session', url: peer.url, mode: 'rotate', requests: () => getSessionRequests(peer.url, peerUsers) },
          // No replay guard there: a rotating user's code of this step passes again (see docs/performance.md).
          { name: 'peer: better-auth verify-totp', url: peer.url, mode: 'rotate', requests: () => verifyTotpRequests(peer.url, peerUsers) },
        ] satisfies Scenario[])
      : []),
    // Again at the end: on a shared machine the baseline drifts; "vs bare" uses the mean of both runs.
    { name: 'bare node:http (again)', url: bare.url, mode: 'rotate', requests: getFactor },
  ];
  const only = options.only?.split(',');
  const results: Result[] = [];
  const loadAtStart = loadavg();
  try {
    for (const scenario of scenarios) {
      const baseline = scenario.url === bare.url || scenario.url === fastify.url;
      const notTessera = baseline || scenario.url === storeCeiling?.url || scenario.name.startsWith('peer');
      if (only && !notTessera && !scenario.name.startsWith('peer') && !only.some((name) => scenario.name.startsWith(name))) continue;
      if (scenario.mode === 'once' && (scenario.name.includes('(0 users') || options.users < 2)) continue;
      let requests = await scenario.requests();
      // Once-scenarios spend their first few requests on the check: those are not timed.
      const sample = scenario.mode === 'once' ? requests.slice(0, ONCE_SAMPLE) : requests.slice(0, SAMPLE);
      const failedInSample = baseline ? 0 : await checkSample(scenario.url, sample, scenario.name.startsWith('peer'));
      if (scenario.mode === 'once') requests = requests.slice(ONCE_SAMPLE);
      const successesBefore = scenario.successes ? await scenario.successes() : 0;
      const measured = await drive(driver, { url: scenario.url, requests, mode: scenario.mode, connections, duration });
      const result: Result = { ...measured, name: scenario.name, failed: baseline ? '-' : `${failedInSample}/${sample.length} sampled`, load: loadavg()[0]! };
      if (scenario.successes) {
        const succeeded = (await scenario.successes()) - successesBefore;
        result.successesPerSecond = (succeeded / measured.total) * measured.requestsPerSecond;
        result.failed = `${measured.total - succeeded}/${measured.total} (${((100 * (measured.total - succeeded)) / measured.total).toFixed(1)} %)`;
      }
      result.rssMb = notTessera ? undefined : readRss(tessera.child.pid!).rssMb;
      process.stderr.write(`${scenario.name}: ${Math.round(measured.requestsPerSecond)} req/s (load ${result.load.toFixed(1)})\n`);
      results.push(result);
    }
  } finally {
    bare.child.kill('SIGTERM');
    fastify.child.kill('SIGTERM');
    storeCeiling?.child.kill('SIGTERM');
    peer?.child.kill('SIGTERM');
  }
  report(results, replyBytes, loadAtStart, readRss(tessera.child.pid!));
}

/** Untimed: these requests, one at a time, must all answer a success envelope (V3 or V2; a peer's own shape). */
async function checkSample(url: string, requests: BenchRequest[], peer = false): Promise<number> {
  let failed = 0;
  for (const request of requests) {
    const response = await fetch(new URL(request.path, url), { method: request.method, headers: request.headers, ...(request.body ? { body: request.body } : {}) });
    const text = await response.text();
    // A peer has no envelope: HTTP 200 with a JSON object (get-session answers `null` when signed out).
    const success = peer ? text.startsWith('{') : /^\{"(statusCode|code)":200/.test(text) && !text.includes('"verified":false');
    if (response.status !== 200 || !success) {
      failed += 1;
      if (failed === 1) process.stderr.write(`non-success envelope: ${text.slice(0, 300)}\n`);
    }
  }
  return failed;
}

/** How many of these factors accepted a code since `sinceStep` (a successful check records its step: the replay guard). */
async function countVerified(factorIds: string[], sinceStep: number): Promise<number> {
  const store = await openStore(loadConfig({ ...configFromEnv(env), logLevel: 'silent' }));
  try {
    let count = 0;
    for (let offset = 0; offset < factorIds.length; offset += 500) {
      const row = await store.db
        .selectFrom('factors')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('id', 'in', factorIds.slice(offset, offset + 500))
        .where('last_totp_step', '>=', sinceStep)
        .executeTakeFirstOrThrow();
      count += Number(row.n);
    }
    return count;
  } finally {
    await store.close();
  }
}

async function inBatches<T, R>(items: T[], parallel: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let offset = 0; offset < items.length; offset += parallel) results.push(...(await Promise.all(items.slice(offset, offset + parallel).map(work))));
  return results;
}

function report(results: Result[], replyBytes: number, loadAtStart: number[], rss: { rssMb: number; peakMb: number }): void {
  const bares = results.filter((result) => result.name.startsWith('bare node:http'));
  const bare = { requestsPerSecond: bares.reduce((sum, result) => sum + result.requestsPerSecond, 0) / bares.length };
  const cpu = cpus();
  const lines = [
    `users: ${options.users}, connections: ${connections}, duration: ${duration} s, driver: ${driver}, ` +
      `database: ${process.env.TESSERA_DATABASE_URL ? 'postgres' : 'sqlite'}, redis: ${process.env.TESSERA_REDIS_URL ? 'yes' : 'no'}, ` +
      `log level: ${options['log-level'] ?? 'default (info)'}, reply size: ${replyBytes} B, node ${process.version}`,
    `machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}; load average at start ${loadAtStart.map((value) => value.toFixed(2)).join(' / ')}`,
    '',
    '| scenario | req/s | successes/s | p50 ms | p99 ms | vs bare (mean of both bare runs) | load (1 min) | Tessera RSS MB | non-success envelopes |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...results.map(
      (result) =>
        `| ${result.name} | ${Math.round(result.requestsPerSecond)} | ${result.successesPerSecond === undefined ? '-' : Math.round(result.successesPerSecond)} | ` +
        `${result.p50} | ${result.p99} | ${((100 * result.requestsPerSecond) / bare.requestsPerSecond).toFixed(1)} % | ${result.load.toFixed(1)} | ` +
        `${result.rssMb ?? '-'} | ${result.failed}${result.errors ? ` (${result.errors} HTTP errors)` : ''} |`,
    ),
    '',
    `Tessera RSS after the run: ${rss.rssMb} MB (peak ${rss.peakMb} MB)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** The benchmark's application, created once per data dir (its secret kept beside the data). */
async function benchApp(): Promise<{ appId: string; appSecret: string }> {
  const file = join(dataDir, 'bench-app.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const runtime = await openRuntime(loadConfig({ ...configFromEnv(env), logLevel: 'silent' }), { logger: pino({ level: 'silent' }) });
  try {
    const { app, appSecret } = await runtime.services.admin.createApp({ name: 'Bench' });
    const credentials = { appId: app.id, appSecret };
    writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
    return credentials;
  } finally {
    await runtime.close();
  }
}

function secretOfUri(uri: string): Uint8Array {
  return new Uint8Array(Secret.fromBase32(new URL(uri).searchParams.get('secret')!).bytes);
}

function parseArgs(argv: string[]): Record<string, string | undefined> & { users: number } {
  const parsed: Record<string, string | undefined> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const key = argv[i]!;
    if (key === '--peers') parsed.peers = 'better-auth';
    else if (key.startsWith('--')) parsed[key.slice(2)] = argv[++i];
  }
  return Object.assign(parsed, { users: Number(parsed.users ?? 1000) });
}
