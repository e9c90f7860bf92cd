import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from './security-map.js';

/** Debian's interpreter: the one with python3-jwt, python3-requests, python3-websockets (`.ci/run` installs them). */
export const PYTHON = '/usr/bin/python3';

/** The official Python SDK, vendored beside the repository (in CI: `shared/` next to the fresh clone). */
export const VENDORED_PYTHON_SDK = join(REPO_ROOT, '..', 'shared', 'vendor', 'authing-py-sdk');

/**
 * The environment that runs the official Python SDK. Throws — so the test fails, never skips — when the
 * interpreter or the vendored SDK is missing. Proxies are bypassed for the local test server.
 */
export function pythonSdkEnv(): NodeJS.ProcessEnv {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: install python3 with python3-jwt python3-requests python3-websockets`);
  if (!existsSync(join(VENDORED_PYTHON_SDK, 'authing', '__init__.py'))) {
    throw new Error(`the official Python SDK is missing at ${VENDORED_PYTHON_SDK} (shared/vendor/authing-py-sdk beside the repository)`);
  }
  return { ...process.env, PYTHONPATH: VENDORED_PYTHON_SDK, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost', PYTHONDONTWRITEBYTECODE: '1' };
}

/** What a Python driver asks the test for: `{ask: kind, ...details}`, answered with one JSON value. */
export type PythonAsk = { ask: string } & Record<string, unknown>;

/**
 * Runs a Python script that speaks the line protocol of test/compat/python/sdk_scenarios.py: it reports
 * values (collected by name) and asks for what only the test knows (`answer`). Rejects with the script's
 * stderr when it exits non-zero.
 */
export async function runPythonDriver(
  script: string,
  args: readonly string[],
  answer: (ask: PythonAsk) => unknown,
): Promise<Record<string, any>> {
  const child = spawn(PYTHON, [script, ...args], { env: pythonSdkEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  const reports: Record<string, any> = {};
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      const message = JSON.parse(line) as { report?: string; value?: unknown } & Partial<PythonAsk>;
      if (message.report !== undefined) reports[message.report] = message.value;
      else if (message.ask !== undefined) child.stdin.write(`${JSON.stringify({ answer: answer(message as PythonAsk) })}\n`);
    }
  } catch (error) {
    child.kill();
    throw new Error(`${script}: ${(error as Error).message}\n${stderr}`, { cause: error });
  }
  const code = await exited;
  if (code !== 0) throw new Error(`${script} exited with ${code}:\n${stderr}`);
  return reports;
}
