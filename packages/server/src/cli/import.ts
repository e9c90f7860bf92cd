import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import PQueue from 'p-queue';
import type { UserImportOutcome } from '../domain/migration/import-users.js';
import type { Services } from '../runtime.js';
import { CLI_CONTEXT, parseLimit, withServices, type Env } from './context.js';

/** Users imported at once: hides database round trips (PostgreSQL); SQLite serialises them anyway. */
const DEFAULT_CONCURRENCY = 16;

/** How many refused line numbers the summary lists per reason. */
const LINES_SHOWN_PER_REASON = 20;

export interface UserImportSummary {
  created: number;
  otpAdded: number;
  skipped: number;
  refused: number;
  /** Reason → the line numbers refused for it (1-based). */
  refusals: Record<string, number[]>;
  seconds: number;
}

export function registerImportCommands(program: Command, env: Env): void {
  const importCommand = program.command('import').description('Bring users and their factors from another system (docs/migration.md)');

  importCommand
    .command('users')
    .description('Import users from a JSON Lines file: identifiers, a bcrypt or Argon2 password hash, a TOTP secret; re-run to resume')
    .argument('<file>', 'one JSON object per line')
    .option('--json', 'print the summary as JSON on stdout')
    .option('--concurrency <n>', `users imported at once (default ${DEFAULT_CONCURRENCY})`)
    .action(async (file: string, options: { json?: boolean; concurrency?: string }) => {
      const concurrency = options.concurrency === undefined ? DEFAULT_CONCURRENCY : parseLimit(options.concurrency, 64);
      const summary = await withServices(env, (services) => importUsersFile(services, file, { concurrency, progress: createProgress(statSync(file).size) }));
      if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      process.stderr.write(describeSummary(summary));
    });
}

/**
 * Reads the file line by line and imports `concurrency` users at a time (reading waits for a free slot);
 * the bytes of the lines handed out drive the progress bar. A database failure stops the import: what was
 * written stays, and a re-run resumes.
 */
export async function importUsersFile(
  services: Services,
  file: string,
  options: { concurrency?: number; progress?: (bytesRead: number, done: number) => void } = {},
): Promise<UserImportSummary> {
  const started = process.hrtime.bigint();
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const progress = options.progress ?? (() => {});
  const summary: UserImportSummary = { created: 0, otpAdded: 0, skipped: 0, refused: 0, refusals: {}, seconds: 0 };
  const queue = new PQueue({ concurrency });
  let failure: unknown;
  let lineNumber = 0;
  let done = 0;
  let bytesRead = 0;
  for await (const line of createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity })) {
    lineNumber++;
    bytesRead += Buffer.byteLength(line) + 1;
    if (!line.trim()) continue;
    if (failure) break;
    const [at, bytes] = [lineNumber, bytesRead];
    await queue.onSizeLessThan(concurrency);
    void queue
      .add(async () => {
        tally(summary, await importLine(services, line), at);
        progress(bytes, ++done);
      })
      .catch((error: unknown) => void (failure ??= error));
  }
  await queue.onIdle();
  if (failure) throw failure;
  for (const lines of Object.values(summary.refusals)) lines.sort((a, b) => a - b);
  progress(Infinity, done);
  summary.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return summary;
}

async function importLine(services: Services, line: string): Promise<UserImportOutcome> {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return { outcome: 'refused', reason: 'invalid-record' };
  }
  return services.migration.importUser(record, { actor: 'cli', context: CLI_CONTEXT });
}

function tally(summary: UserImportSummary, outcome: UserImportOutcome, lineNumber: number): void {
  if (outcome.outcome === 'created') summary.created++;
  else if (outcome.outcome === 'otp-added') summary.otpAdded++;
  else if (outcome.outcome === 'skipped') summary.skipped++;
  else {
    summary.refused++;
    (summary.refusals[outcome.reason] ??= []).push(lineNumber);
  }
}

export function describeSummary(summary: UserImportSummary): string {
  const total = summary.created + summary.otpAdded + summary.skipped + summary.refused;
  const rate = summary.seconds > 0 ? Math.round(total / summary.seconds) : total;
  const lines = [
    `${total} users read in ${summary.seconds.toFixed(1)} s (${rate}/s): ${summary.created} created, ${summary.otpAdded} got their OTP, ` +
      `${summary.skipped} already imported, ${summary.refused} refused`,
  ];
  for (const [reason, lineNumbers] of Object.entries(summary.refusals)) {
    const shown = lineNumbers.slice(0, LINES_SHOWN_PER_REASON).join(', ');
    lines.push(`  ${reason}: ${lineNumbers.length} (line${lineNumbers.length > 1 ? 's' : ''} ${shown}${lineNumbers.length > LINES_SHOWN_PER_REASON ? ', …' : ''})`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A progress bar on stderr: redrawn in place on a terminal (at most every 100 ms), one line per tenth when
 * stderr is a file or a pipe, so logs stay readable.
 */
function createProgress(totalBytes: number): (bytesRead: number, done: number) => void {
  const width = 30;
  let lastDrawn = 0;
  let lastTenth = -1;
  let finished = false;
  return (bytesRead, done) => {
    // 100% only once every user is done (Infinity): the last lines are read before their imports finish.
    const fraction = bytesRead === Infinity ? 1 : totalBytes > 0 ? Math.min(0.99, bytesRead / totalBytes) : 0;
    if (process.stderr.isTTY) {
      const now = Date.now();
      if (finished || (now - lastDrawn < 100 && fraction < 1)) return;
      finished = fraction === 1;
      lastDrawn = now;
      const filled = Math.round(fraction * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.round(fraction * 100)}% ${done} users${fraction === 1 ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor(fraction * 10);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      process.stderr.write(`import: ${tenth * 10}% (${done} users)\n`);
    }
  };
}
