import type { Command } from 'commander';
import { withServices, type Env } from './context.js';

export function registerMigrateCommand(program: Command, env: Env): void {
  program
    .command('migrate')
    .description('Apply pending database migrations (the server also applies them at start)')
    .action(async () => {
      // Opening the runtime checks the schema is known and migrates it to the latest version.
      await withServices(env, async () => undefined);
      process.stdout.write('database is up to date\n');
    });
}
