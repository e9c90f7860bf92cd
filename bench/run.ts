/**
 * Tessera against bare node:http, in one run, on one machine: `npm run build && npm run bench -- [options]`
 *
 *   --users N          seeded users (each with an OTP factor); default 1000. Seeding is skipped when the
 *                      data dir already holds them (so the 1M seed is paid once).
 *   --connections C    concurrent connections; default 20
 *   --duration S       seconds per scenario; default 10
 *   --data-dir DIR     default .tmp/bench-<N>
 *   --log-level L      Tessera's log level during the run; default warn
 *   --only a,b         run only these scenarios
 *   --profile DIR      write a V8 CPU profile of the Tessera process to DIR (open in Chrome DevTools)
 *
 * TESSERA_DATABASE_URL / TESSERA_REDIS_URL in the environment run it on PostgreSQL / Redis instead
 * (give it an empty database). Never part of `npm test`. See docs/performance.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pino from 'pino';
import { configFromEnv, loadConfig } from '../packages/server/src/config.js';
import { Secret } from 'otpauth';
import { generateTotp } from '../packages/server/src/domain/factors/otp/totp.js';
import { openRuntime } from '../packages/server/src/runtime.js';
import { seedDeployment, SEED_PASSWORD } from './seed.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TESSERA_BIN = join(ROOT, 'packages/server/bin/tessera.js');
const BARE_SERVER = join(ROOT, 'bench/bare-server.ts');
/** Signed-in users with an OTP factor that the load rotates over. */
const ROTATION = 64;
const PASSWORD_USERS = 16;

const options = parseArgs(process.argv.slice(2));
const dataDir = resolve(options['data-dir'] ?? join(ROOT, `.tmp/bench-${options.users}`));
mkdirSync(dataDir, { recursive: true });
const env = { ...process.env, TESSERA_DATA_DIR: dataDir };

await seedDeployment(env, options.users);
const app = await benchApp();
const tessera = await startChild(
  [...(options.profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(options.profile)}`] : []), TESSERA_BIN, 'serve'],
  { ...env, TESSERA_PORT: String(await freePort()), TESSERA_LOG_LEVEL: options['log-level'] ?? 'warn' },
  'tessera',
);
try {
  await run();
} finally {
  tessera.child.kill('SIGTERM');
  await new Promise((done) => tessera.child.once('exit', done));
}

async function run(): Promise<void> {
  const base = tessera.url;
  const headers = (token?: string) => ({
    'content-type': 'application/json',
    'x-authing-app-id': app.appId,
    ...(token ? { authorization: token } : {}),
  });
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const init: RequestInit = { method, headers: headers(token), ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
    const response = await fetch(new URL(path, base), init);
    const text = await response.text();
    return { text, json: JSON.parse(text) as { statusCode: number; data?: any } };
  };

  // The seeded users fill the tables (1k or 1M factors); the load itself comes from users made here over
  // HTTP, so every token is a real session: BENCH_USERS with an OTP factor (get-factor, list, verify) and
  // PASSWORD_USERS without one (signin, send-enroll-factor-request).
  const runId = Date.now().toString(36);
  const signUpAndIn = async (email: string) => {
    await call('POST', '/api/v3/signup', undefined, { connection: 'PASSWORD', passwordPayload: { email, password: SEED_PASSWORD } });
    const body = { connection: 'PASSWORD', passwordPayload: { email, password: SEED_PASSWORD }, client_id: app.appId, client_secret: app.appSecret };
    const signedIn = await call('POST', '/api/v3/signin', undefined, body);
    if (signedIn.json.statusCode !== 200) throw new Error(`signin failed: ${signedIn.text}`);
    return { body, token: signedIn.json.data.access_token as string };
  };
  const seeded: { token: string; factorId: string; secret: Uint8Array }[] = [];
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
    seeded.push({ token, secret, factorId: listed.json.data[0].factorId as string });
  }
  const passwordUsers: { body: unknown; token: string }[] = [];
  for (let i = 0; i < PASSWORD_USERS; i += 1) passwordUsers.push(await signUpAndIn(`password-${runId}-${i}@bench.tessera.test`));
  const fresh = passwordUsers.map((user) => user.token);

  const getFactorReply = await call('GET', `/api/v3/get-factor?factorId=${seeded[0]!.factorId}`, seeded[0]!.token);
  if (getFactorReply.json.statusCode !== 200) throw new Error(`get-factor failed: ${getFactorReply.text}`);
  const replyBytes = Buffer.byteLength(getFactorReply.text);
  const barePort = await freePort();
  const bare = await startChild(['--import', 'tsx', BARE_SERVER, String(barePort), String(replyBytes)], process.env, 'bare', `http://127.0.0.1:${barePort}`);

  let turn = 0;
  const next = <T>(list: T[]) => list[turn++ % list.length]!;
  const scenarios: Scenario[] = [
    { name: 'bare node:http', url: bare.url, setup: (request) => ({ ...request, method: 'GET', path: '/' }) },
    {
      name: 'get-factor',
      setup: (request) => {
        const user = next(seeded);
        return { ...request, method: 'GET', path: `/api/v3/get-factor?factorId=${user.factorId}`, headers: headers(user.token) };
      },
    },
    {
      name: 'list-enrolled-factors',
      setup: (request) => ({ ...request, method: 'GET', path: '/api/v3/list-enrolled-factors', headers: headers(next(seeded).token) }),
    },
    {
      // The current code of each user: accepted once per step, then refused as a replay — the full path either way.
      name: 'mfa-totp-verify',
      setup: (request) => {
        const user = next(seeded);
        const body = JSON.stringify({ totp: generateTotp(user.secret, Date.now()) });
        return { ...request, method: 'POST', path: '/api/v3/mfa-totp-verify', headers: headers(user.token), body };
      },
    },
    {
      name: 'send-enroll-factor-request (OTP)',
      setup: (request) => ({
        ...request,
        method: 'POST',
        path: '/api/v3/send-enroll-factor-request',
        headers: headers(next(fresh)),
        body: JSON.stringify({ factorType: 'OTP', profile: {} }),
      }),
    },
    {
      name: 'signin',
      setup: (request) => ({
        ...request,
        method: 'POST',
        path: '/api/v3/signin',
        headers: headers(),
        body: JSON.stringify(next(passwordUsers).body),
      }),
    },
  ];
  const only = options.only?.split(',');
  const results: Result[] = [];
  try {
    for (const scenario of scenarios) {
      if (only && scenario.name !== 'bare node:http' && !only.some((name) => scenario.name.startsWith(name))) continue;
      const result = await measure(scenario, scenario.url ?? base);
      result.rssMb = scenario.url ? undefined : readRss(tessera.child.pid!).rssMb;
      results.push(result);
    }
  } finally {
    bare.child.kill('SIGTERM');
  }
  report(results, replyBytes, readRss(tessera.child.pid!));
}

interface Scenario {
  name: string;
  url?: string;
  setup: (request: autocannon.Request) => autocannon.Request;
}

interface Result {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Answers whose V3 envelope was not a success (API errors travel with HTTP 200). */
  failed: number;
  total: number;
  note: string;
  /** Tessera's resident memory right after the scenario. */
  rssMb?: number | undefined;
}

async function measure(scenario: Scenario, url: string): Promise<Result> {
  let failed = 0;
  const apiCodes = new Map<string, number>();
  let verifiedTrue = 0;
  const result = await autocannon({
    url,
    connections: Number(options.connections ?? 20),
    duration: Number(options.duration ?? 10),
    requests: [
      {
        setupRequest: (request) => scenario.setup(request),
        onResponse: (status, body) => {
          if (status !== 200 || !body.startsWith('{"statusCode":200')) {
            failed += 1;
            const apiCode = /"apiCode":(\d+)/.exec(body)?.[1] ?? `HTTP ${status}`;
            apiCodes.set(apiCode, (apiCodes.get(apiCode) ?? 0) + 1);
          } else if (body.includes('"verified":true')) {
            verifiedTrue += 1;
          }
        },
      },
    ],
  });
  process.stderr.write(`${scenario.name}: ${Math.round(result.requests.average)} req/s\n`);
  return {
    name: scenario.name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: failed + result.errors + result.timeouts,
    total: result.requests.total,
    note: [
      ...[...apiCodes].map(([code, count]) => `${count}× apiCode ${code}`),
      ...(verifiedTrue > 0 ? [`${verifiedTrue}× verified:true`] : []),
    ].join(', '),
  };
}

function report(results: Result[], replyBytes: number, rss: { rssMb: number; peakMb: number }): void {
  const bare = results.find((result) => result.name === 'bare node:http')!;
  const lines = [
    `users: ${options.users}, connections: ${options.connections ?? 20}, duration: ${options.duration ?? 10} s, ` +
      `database: ${process.env.TESSERA_DATABASE_URL ? 'postgres' : 'sqlite'}, redis: ${process.env.TESSERA_REDIS_URL ? 'yes' : 'no'}, ` +
      `reply size: ${replyBytes} B, node ${process.version}`,
    '',
    '| scenario | req/s | p50 ms | p99 ms | vs bare | Tessera RSS MB | failed envelopes | notes |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    ...results.map(
      (result) =>
        `| ${result.name} | ${Math.round(result.requestsPerSecond)} | ${result.p50} | ${result.p99} | ` +
        `${((100 * result.requestsPerSecond) / bare.requestsPerSecond).toFixed(1)} % | ${result.rssMb ?? '-'} | ${result.name.startsWith('bare') ? '-' : `${result.failed}/${result.total}`} | ${result.note} |`,
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

async function startChild(args: string[], childEnv: NodeJS.ProcessEnv, name: string, url?: string) {
  if (name === 'tessera' && !existsSync(join(ROOT, 'packages/server/dist/cli/index.js'))) {
    throw new Error('packages/server/dist is missing: run `npm run build` first');
  }
  const child: ChildProcess = spawn(process.execPath, args, { env: childEnv, stdio: ['ignore', 'ignore', 'inherit'] });
  const target = url ?? `http://127.0.0.1:${childEnv.TESSERA_PORT}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    try {
      await fetch(new URL(name === 'tessera' ? '/health' : '/', target));
      return { child, url: target };
    } catch {
      await sleep(100);
    }
  }
  child.kill('SIGKILL');
  throw new Error(`${name} did not start`);
}

function secretOfUri(uri: string): Uint8Array {
  return new Uint8Array(Secret.fromBase32(new URL(uri).searchParams.get('secret')!).bytes);
}

function readRss(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

function parseArgs(argv: string[]): Record<string, string | undefined> & { users: number } {
  const parsed: Record<string, string | undefined> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const key = argv[i]!;
    if (key.startsWith('--')) parsed[key.slice(2)] = argv[++i];
  }
  return Object.assign(parsed, { users: Number(parsed.users ?? 1000) });
}
