/**
 * The servers a benchmark run starts as child processes (Tessera, the baselines, the peer): started and
 * waited for, and their memory read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Starts `node <args>` and waits until it answers HTTP (Tessera on /health, the others on /). */
export async function startChild(args: string[], childEnv: NodeJS.ProcessEnv, name: string, url?: string) {
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

/** A process's resident memory now and at its peak (VmRSS, VmHWM), in MB. */
export function readRss(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}
