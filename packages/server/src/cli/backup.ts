import type { Command } from 'commander';
import { backupDatabase, keysFileOfBackup, restoreDatabase } from '../backup.js';
import { configOf, type Env } from './context.js';

export function registerBackupCommands(program: Command, env: Env): void {
  program
    .command('backup')
    .description('Copy the database while the server runs (SQLite); on PostgreSQL, print the pg_dump command')
    .argument('<file>', 'where to write the backup (never overwritten)')
    .option('--include-keys', `also write the keyring beside the backup (<file>.keys.json): whoever holds both reads every secret`)
    .action(async (file: string, options: { includeKeys?: boolean }) => {
      const outcome = await backupDatabase(configOf(env), file, { includeKeys: options.includeKeys });
      if (outcome.kind === 'postgres') {
        process.stdout.write(
          `This deployment runs on PostgreSQL: back it up with pg_dump, e.g.\n  ${outcome.command}\n` +
            `Keep ${outcome.keys} with it, apart from the dump: without it the dump's secrets cannot be opened.\n`,
        );
        return;
      }
      process.stdout.write(`Wrote ${outcome.file} (${outcome.pages} pages); the current keyring opens it.\n`);
      if (outcome.keysIncluded) {
        process.stderr.write(
          `tessera: WARNING: the keyring was written to ${keysFileOfBackup(outcome.file)}. Anyone holding it and the backup ` +
            `can read every sealed secret and sign tokens: store the two apart, or encrypt them.\n`,
        );
      } else {
        process.stdout.write(`The backup does not contain the keys: keep ${outcome.keys} (a copy of it, stored apart); without it the backup cannot be opened.\n`);
      }
    });

  program
    .command('restore')
    .description('Restore a SQLite backup into an empty data dir')
    .argument('<file>', 'a file written by `tessera backup`')
    .requiredOption('--data-dir <dir>', 'the empty data dir to restore into')
    .action(async (file: string, options: { dataDir: string }) => {
      const outcome = await restoreDatabase(file, options.dataDir, configOf(env));
      process.stdout.write(`Restored ${outcome.database}.\n`);
      process.stdout.write(
        outcome.keysChecked
          ? `The keyring (${outcome.keysFile}) opens it. Start the server with TESSERA_DATA_DIR=${options.dataDir}.\n`
          : `No keyring yet: put the deployment's keys file at ${outcome.keysFile} (or set TESSERA_KEYS_FILE / TESSERA_KEYS) before starting the server.\n`,
      );
    });
}
