/**
 * Load drivers for the benchmark. Both send a fixed list of requests and read no reply body in the timed
 * run (a per-response callback makes the load generator decode every reply and caps the baseline): the
 * envelopes are checked apart, untimed (run.ts).
 *
 * - autocannon (default, always available): `rotate` cycles over the list for `duration` seconds, `once`
 *   sends every request exactly once (for single-use answers: a TOTP step, an mfaToken).
 * - wrk (optional, `--driver wrk` when the binary is installed): rotate only, through a generated Lua script.
 */
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Load {
  url: string;
  requests: BenchRequest[];
  /** rotate: cycle for `duration` s; once: each request exactly once. */
  mode: 'rotate' | 'once';
  connections: number;
  duration: number;
}

export interface Measured {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  /** Connection errors, timeouts and non-2xx HTTP answers (V3 errors travel with HTTP 200: see run.ts). */
  errors: number;
  driver: string;
}

export type DriverName = 'autocannon' | 'wrk';

export function wrkInstalled(): boolean {
  return spawnSync('wrk', ['--version']).error === undefined;
}

export async function drive(driver: DriverName, load: Load): Promise<Measured> {
  if (driver === 'wrk' && load.mode === 'rotate') return driveWrk(load);
  return driveAutocannon(load);
}

async function driveAutocannon(load: Load): Promise<Measured> {
  let turn = 0;
  const { requests } = load;
  const started = performance.now();
  const result = await autocannon({
    url: load.url,
    connections: load.connections,
    ...(load.mode === 'once' ? { amount: requests.length } : { duration: load.duration }),
    requests: [{ setupRequest: (request) => ({ ...request, ...requests[turn++ % requests.length]! }) }],
  });
  // `requests.average` is over whole seconds sampled; a `once` run ends mid-second, so use its wall time.
  const seconds = (performance.now() - started) / 1000;
  return {
    requestsPerSecond: load.mode === 'once' ? result.requests.total / seconds : result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
    driver: 'autocannon',
  };
}

const lua = (text: string) => JSON.stringify(text);

async function driveWrk(load: Load): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-wrk-'));
  try {
    const script = join(dir, 'requests.lua');
    const entries = load.requests.map((request) => {
      const headers = Object.entries(request.headers).map(([name, value]) => `[${lua(name)}]=${lua(value)}`).join(',');
      return `{${lua(request.method)},${lua(request.path)},{${headers}},${request.body === undefined ? 'nil' : lua(request.body)}}`;
    });
    writeFileSync(
      script,
      [
        `local list = {${entries.join(',\n')}}`,
        'local formatted = {}',
        'local n = 0',
        'init = function(args) for i, r in ipairs(list) do formatted[i] = wrk.format(r[1], r[2], r[3], r[4]) end end',
        'request = function() n = n + 1; return formatted[(n % #formatted) + 1] end',
        'done = function(summary, latency, requests)',
        '  local e = summary.errors',
        '  io.write(string.format("RESULT %d %d %f %f %d\\n", summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.timeout + e.status))',
        'end',
      ].join('\n'),
    );
    const output = await new Promise<string>((done, fail) => {
      const child = spawn('wrk', ['-t2', `-c${load.connections}`, `-d${load.duration}s`, '-s', script, load.url], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.once('error', fail);
      child.once('exit', () => done(text));
    });
    const line = /RESULT (\d+) (\d+) ([\d.]+) ([\d.]+) (\d+)/.exec(output);
    if (!line) throw new Error(`wrk gave no result:\n${output}`);
    const [requests, micros, p50, p99, errors] = line.slice(1).map(Number) as [number, number, number, number, number];
    const ms = (micros: number) => Math.round(micros / 100) / 10;
    return { requestsPerSecond: requests / (micros / 1e6), p50: ms(p50), p99: ms(p99), total: requests, errors, driver: 'wrk' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
