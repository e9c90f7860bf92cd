import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { UserImportOutcome } from '../domain/migration/import-users.js';
import type { Services } from '../runtime.js';
import { CLI_CONTEXT, withServices, type Env } from './context.js';

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
    .action(async (file: string, options: { json?: boolean }) => {
      const summary = await withServices(env, (services) => importUsersFile(services, file, createProgress(statSync(file).size)));
      if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      process.stderr.write(describeSummary(summary));
    });
}

/** Reads the file line by line and imports each user; the bytes of the lines done drive the progress bar. */
export async function importUsersFile(services: Services, file: string, progress: (bytesRead: number, done: number) => void = () => {}): Promise<UserImportSummary> {
  const started = process.hrtime.bigint();
  const summary: UserImportSummary = { created: 0, otpAdded: 0, skipped: 0, refused: 0, refusals: {}, seconds: 0 };
  const stream = createReadStream(file, { encoding: 'utf8' });
  let lineNumber = 0;
  let done = 0;
  let bytesRead = 0;
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    lineNumber++;
    bytesRead += Buffer.byteLength(line) + 1;
    if (!line.trim()) continue;
    const outcome = await importLine(services, line);
    tally(summary, outcome, lineNumber);
    done++;
    progress(bytesRead, done);
  }
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
    const fraction = totalBytes > 0 ? Math.min(1, bytesRead / totalBytes) : 1;
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
