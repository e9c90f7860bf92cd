import { InvalidArgumentError, type Command } from 'commander';
import { generateKeyring } from '../crypto/keyring.js';
import type { KeyChange } from '../crypto/key-service.js';
import type { ResealProgress } from '../domain/keys/secret-resealing.js';
import { print, withServices, type Env } from './context.js';

/** A batch is one short statement per row; this bounds memory and how long a batch holds its rows. */
const DEFAULT_RESEAL_BATCH_SIZE = 500;
const MAX_RESEAL_BATCH_SIZE = 10_000;

/**
 * Key management (docs/deployment.md, "Keys: backup, rotation"): generate, list, rotate, reseal, retire.
 * Opening the runtime first checks the keyring against the database (KEY-03), so no command changes a
 * keyring that is not the database's own.
 */
export function registerKeyCommands(program: Command, env: Env): void {
  const keys = program.command('keys').description('Key management: backup, rotation (KEY-02)');

  keys
    .command('generate')
    .description('Print a new keyring (JSON) for TESSERA_KEYS or TESSERA_KEYS_FILE, to share across instances')
    .action(async () => {
      process.stdout.write(`${JSON.stringify(await generateKeyring(), null, 2)}\n`);
    });

  keys
    .command('list')
    .description('The keys (never their values), which one seals and signs, and how many rows each encryption key still seals')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const listed = await withServices(env, (services) => services.keys.list());
      print(listed, Boolean(options.json));
    });

  keys
    .command('rotate')
    .description('Add a new active encryption key and a new signing key; older keys still open and verify until retired')
    .option('--staged', 'add the keys without activating them (clusters: restart every instance, then `keys activate`)')
    .option('--json', 'print JSON')
    .action(async (options: { staged?: boolean; json?: boolean }) => {
      const rotated = await withServices(env, (services) => services.keys.rotate({ staged: options.staged }));
      reportChange(rotated);
      const { encryptionKeyId, signingKeyId, active } = rotated;
      print({ encryptionKeyId, signingKeyId, active, ...where(rotated) }, Boolean(options.json));
      process.stderr.write(
        active
          ? 'Restart every instance with the new keyring, then run `tessera keys reseal`.\n'
          : `Restart every instance with the new keyring, then run \`tessera keys activate --key-id ${encryptionKeyId}\` and \`--key-id ${signingKeyId}\`.\n`,
      );
    });

  keys
    .command('activate')
    .description('Make a staged key the one that seals (encryption key) or signs (signing key)')
    .requiredOption('--key-id <id>', 'encryption key id or signing key kid')
    .option('--json', 'print JSON')
    .action(async (options: { keyId: string; json?: boolean }) => {
      const activated = await withServices(env, (services) => services.keys.activate(options.keyId));
      reportChange(activated);
      print({ activated: activated.keyId, kind: activated.kind, ...where(activated) }, Boolean(options.json));
    });

  keys
    .command('reseal')
    .description('Re-seal every secret not sealed with the active key, in batches; safe to stop and run again')
    .option('--batch-size <n>', `rows per batch (1…${MAX_RESEAL_BATCH_SIZE})`, positiveInteger(MAX_RESEAL_BATCH_SIZE), DEFAULT_RESEAL_BATCH_SIZE)
    .option('--max-batches <n>', 'stop after n batches (run again to continue)', positiveInteger(Number.MAX_SAFE_INTEGER))
    .option('--json', 'print JSON')
    .action(async (options: { batchSize: number; maxBatches?: number; json?: boolean }) => {
      const report = await withServices(env, (services) =>
        services.keys.reseal({ batchSize: options.batchSize, maxBatches: options.maxBatches, onProgress: reportProgress }),
      );
      print({ ...report }, Boolean(options.json));
      if (!report.complete) process.stderr.write('Stopped after --max-batches; run `tessera keys reseal` again to continue.\n');
    });

  keys
    .command('retire')
    .description('Remove a key from the keyring; an encryption key only when no row is sealed with it any more')
    .requiredOption('--key-id <id>', 'encryption key id or signing key kid')
    .option('--json', 'print JSON')
    .action(async (options: { keyId: string; json?: boolean }) => {
      const retired = await withServices(env, (services) => services.keys.retire(options.keyId));
      reportChange(retired);
      print({ retired: retired.keyId, kind: retired.kind, ...where(retired) }, Boolean(options.json));
    });
}

/** With TESSERA_KEYS there is no file to write: the operator gets the changed keyring to store where it came from. */
function reportChange(change: KeyChange): void {
  if (change.keyringJson === undefined) return;
  process.stderr.write('The keyring came from TESSERA_KEYS, so no file was changed. Set TESSERA_KEYS to this new keyring:\n');
  process.stderr.write(change.keyringJson);
}

function where(change: KeyChange): Record<string, string> {
  return change.keysFile === undefined ? { keysFile: '(TESSERA_KEYS, see above)' } : { keysFile: change.keysFile };
}

function reportProgress(progress: ResealProgress): void {
  process.stderr.write(`reseal ${progress.table}: ${progress.resealed}/${progress.total}\n`);
}

function positiveInteger(max: number) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!/^\d+$/.test(value) || parsed < 1 || parsed > max) throw new InvalidArgumentError(`expected an integer from 1 to ${max}`);
    return parsed;
  };
}
