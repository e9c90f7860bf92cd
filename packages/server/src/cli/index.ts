import { Command, CommanderError } from 'commander';
import { registerAccessKeyCommands } from './access-keys.js';
import { registerAppCommands } from './apps.js';
import { registerBackupCommands } from './backup.js';
import { registerEventCommands, registerWebhookCommands } from './webhooks.js';
import { registerDeliveryCommands } from './deliveries.js';
import { registerImportCommands } from './import.js';
import { registerKeyCommands } from './keys.js';
import { registerMigrateCommand } from './migrate.js';
import { registerOpenApiCommand } from './openapi.js';
import { registerServeCommand } from './serve.js';
import { registerUserCommands } from './users.js';
import { registerMfaAdminCommands } from './mfa-admin.js';
import { registerUserSecurityCommands } from './user-security.js';
import { renderErrorMessage } from '@tessera/contract';
import { isTesseraError } from '../domain/errors.js';
import type { Env } from './context.js';

/** The `tessera` command line: every subcommand reads the same TESSERA_* settings as the server. */
export async function runCli(argv: string[], env: Env): Promise<void> {
  const program = new Command('tessera')
    .description('Tessera: self-hosted MFA factor service, wire-compatible with the GenAuth V3 API')
    .showHelpAfterError();
  registerServeCommand(program, env);
  registerMigrateCommand(program, env);
  registerAppCommands(program, env);
  registerUserCommands(program, env);
  registerMfaAdminCommands(program, env);
  registerUserSecurityCommands(program, env);
  registerDeliveryCommands(program, env);
  registerKeyCommands(program, env);
  registerBackupCommands(program, env);
  registerWebhookCommands(program.commands.find((command) => command.name() === 'apps')!, env);
  registerEventCommands(program, env);
  registerImportCommands(program, env);
  registerAccessKeyCommands(program, env);
  registerOpenApiCommand(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode);
    const message = isTesseraError(error) ? renderErrorMessage(error.code, 'en-US', error.params) : (error as Error).message;
    process.stderr.write(`tessera: ${message}\n`);
    process.exit(1);
  }
}
