import type { Command } from 'commander';
import { generateKeyring } from '../crypto/keyring.js';

export function registerKeyCommands(program: Command): void {
  program
    .command('keys')
    .description('Key management')
    .command('generate')
    .description('Print a new keyring (JSON) for TESSERA_KEYS or TESSERA_KEYS_FILE, to share across instances')
    .action(async () => {
      process.stdout.write(`${JSON.stringify(await generateKeyring(), null, 2)}\n`);
    });
}
