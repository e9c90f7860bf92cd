import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The real `tessera` binary (compiled dist/, built by `npm test`'s typecheck step or `npm run build`). */
const TESSERA_BIN = fileURLToPath(new URL('../../bin/tessera.js', import.meta.url));

export interface ChildServer {
  url: string;
  process: ChildProcess;
  /** Credentials printed on first start; undefined when the store already had an application. */
  firstApp?: { appId: string; appSecret: string };
  /** Resolves with the exit code (or the signal that ended it). */
  exited: Promise<number | string>;
  /** Everything the process wrote so far, stdout and stderr (its pino log, one JSON object a line). */
  output(): string;
  /** Resolves as soon as the output matches (checked on every chunk the process writes, not polled). */
  waitForOutput(matches: RegExp | ((output: string) => boolean), timeoutMs?: number): Promise<void>;
}

/**
 * `tessera serve` in a child process, so a test can kill -9 it or send SIGTERM as an orchestrator would.
 * Real clock; TESSERA_PORT=0 and the listening address is read from its log.
 */
export async function spawnTesseraServe(env: Record<string, string>): Promise<ChildServer> {
  const child = spawn(process.execPath, [TESSERA_BIN, 'serve'], {
    env: { ...process.env, TESSERA_HOST: '127.0.0.1', TESSERA_PORT: '0', TESSERA_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  let output = '';
  const watchers = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const watcher of watchers) watcher();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const waitForOutput = (matches: RegExp | ((output: string) => boolean), timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        watchers.delete(check);
      };
      const check = () => {
        if (typeof matches === 'function' ? matches(output) : matches.test(output)) {
          done();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`tessera serve did not log ${String(matches)} within ${timeoutMs} ms:\n${output}`));
      }, timeoutMs);
      watchers.add(check);
      check();
    });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tessera serve did not start:\n${output}`)), 20_000);
    child.stdout!.on('data', () => {
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`tessera serve exited (${code}):\n${output}`));
    });
  });
  const appId = /appId:\s+(\S+)/.exec(output)?.[1];
  const appSecret = /appSecret:\s+(\S+)/.exec(output)?.[1];
  return { url, process: child, exited, output: () => output, waitForOutput, ...(appId && appSecret ? { firstApp: { appId, appSecret } } : {}) };
}
