import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const TESSERA_BIN = fileURLToPath(new URL('../../bin/tessera.js', import.meta.url));

export interface ServeOutcome {
  /** True when the server came up and listened (it is then stopped at once). */
  listened: boolean;
  /** The exit code, or the signal that ended it. */
  exitCode: number | string;
  stdout: string;
  stderr: string;
}

/**
 * Runs `tessera serve` until it either exits by itself or listens (then it is stopped with SIGTERM), for
 * tests of what an instance must refuse to start with. Real clock, TESSERA_PORT=0.
 */
export async function runServeUntilListeningOrExit(env: Record<string, string>, timeoutMs = 20_000): Promise<ServeOutcome> {
  const child = spawn(process.execPath, [TESSERA_BIN, 'serve'], {
    env: { ...process.env, TESSERA_HOST: '127.0.0.1', TESSERA_PORT: '0', TESSERA_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let listened = false;
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    if (!listened && stdout.includes('Server listening')) {
      listened = true;
      child.kill('SIGTERM');
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exitCode = await new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  clearTimeout(timer);
  return { listened, exitCode, stdout, stderr };
}
