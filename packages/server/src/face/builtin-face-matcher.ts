import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import PQueue from 'p-queue';
import type { Logger } from 'pino';
import { TesseraError } from '../domain/errors.js';
import type { FaceComparison, FaceMatcher, FaceReading } from '../domain/ports.js';
import type { WorkerQuestion, WorkerReply, WorkerRequest } from './face-worker.js';

export interface BuiltinFaceMatcherOptions {
  /** Largest descriptor distance still counted as the same face (docs/face.md: how it was chosen). */
  matchThreshold: number;
  /** How long one comparison may take (model load included on the first) before the worker is restarted. */
  timeoutMs: number;
  /** Comparisons that may wait behind the running one; past that a request answers 503 at once. */
  maxQueued: number;
  logger: Logger;
}

/** In production the compiled worker; under the test runner (TypeScript sources) the .ts one through tsx. */
function workerEntry(): { path: string; execArgv: string[] } {
  const runningFromSource = import.meta.url.endsWith('.ts');
  const path = fileURLToPath(new URL(runningFromSource ? './face-worker.ts' : './face-worker.js', import.meta.url));
  return { path, execArgv: runningFromSource ? ['--import', 'tsx'] : [] };
}

/**
 * The built-in FaceMatcher: the model lives in a child process started on the first face request (so a
 * deployment whose apps never enable FACE never loads it), fed one request at a time from a bounded
 * queue. A request that outlives `timeoutMs`, or a worker that dies, answers FACE_MATCHER_UNAVAILABLE
 * (503) and the next request starts a fresh worker.
 */
export function createBuiltinFaceMatcher(options: BuiltinFaceMatcherOptions): FaceMatcher {
  const queue = new PQueue({ concurrency: 1 });
  let worker: ChildProcess | undefined;
  let nextId = 1;
  const waiting = new Map<number, (reply: WorkerReply | 'gone') => void>();

  function start(): ChildProcess {
    const entry = workerEntry();
    const child = fork(entry.path, [], {
      execArgv: entry.execArgv,
      serialization: 'advanced',
      env: { ...process.env, TESSERA_FACE_MATCH_THRESHOLD: String(options.matchThreshold) },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.on('message', (reply: WorkerReply) => {
      waiting.get(reply.id)?.(reply);
    });
    child.on('exit', (code, signal) => {
      if (worker === child) worker = undefined;
      if (waiting.size > 0) options.logger.warn({ code, signal }, 'face worker exited with requests in flight');
      for (const settle of waiting.values()) settle('gone');
    });
    child.on('error', () => {
      if (worker === child) worker = undefined;
    });
    return child;
  }

  function stop(child: ChildProcess): void {
    if (worker === child) worker = undefined;
    child.kill('SIGKILL');
  }

  async function ask<T>(request: WorkerQuestion): Promise<T> {
    if (queue.size >= options.maxQueued) throw new TesseraError('FACE_MATCHER_UNAVAILABLE');
    return queue.add(async () => {
      const child = (worker ??= start());
      const id = nextId++;
      const reply = await new Promise<WorkerReply | 'gone' | 'timeout'>((resolve) => {
        const timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
        waiting.set(id, (value) => {
          clearTimeout(timer);
          resolve(value);
        });
        child.send({ ...request, id } satisfies WorkerRequest, (error) => {
          if (error) waiting.get(id)?.('gone');
        });
      }).finally(() => waiting.delete(id));
      if (reply === 'timeout') {
        options.logger.warn({ timeoutMs: options.timeoutMs }, 'face worker timed out; restarting it');
        stop(child);
        throw new TesseraError('FACE_MATCHER_UNAVAILABLE');
      }
      if (reply === 'gone') throw new TesseraError('FACE_MATCHER_UNAVAILABLE');
      if (!reply.ok) {
        // An image the decoder rejects (corrupt, truncated): the caller's photo, not the service.
        throw new TesseraError('FACE_PHOTO_UNUSABLE', { reason: 'the image could not be decoded' });
      }
      return reply.result as T;
    }) as Promise<T>;
  }

  return {
    async read(image) {
      const reading = await ask<FaceReading>({ op: 'read', image });
      return reading.faces === 1 ? { faces: 1, template: Buffer.from(reading.template) } : reading;
    },
    compare: (image, template) => ask<FaceComparison>({ op: 'compare', image, template }),
    async close() {
      queue.clear();
      if (worker) stop(worker);
    },
  };
}
