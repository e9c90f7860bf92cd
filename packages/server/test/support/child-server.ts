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
  /** Everything it printed so far (its log). */
  output(): string;
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
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tessera serve did not start:\n${output}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`tessera serve exited (${code}):\n${output}`));
    });
  });
  const appId = /appId:\s+(\S+)/.exec(output)?.[1];
  const appSecret = /appSecret:\s+(\S+)/.exec(output)?.[1];
  return { url, process: child, exited, output: () => output, ...(appId && appSecret ? { firstApp: { appId, appSecret } } : {}) };
}
