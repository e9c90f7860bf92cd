import type { Command } from 'commander';
import { CLI_CONTEXT, print, withServices, type Env } from './context.js';

/**
 * `tessera users factors list|reset` and `tessera users sessions list|revoke`: the operator's hold on one
 * user's factors and sessions, the same domain functions as the management API's /api/v3/tessera/*.
 */
export function registerUserSecurityCommands(program: Command, env: Env): void {
  const users = program.commands.find((command) => command.name() === 'users') ?? program.command('users');
  const printList = (rows: object[], json: boolean) =>
    json ? process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`) : print(rows as Record<string, unknown>[], false);

  const factors = users.command('factors').description("A user's bound factors");
  factors
    .command('list')
    .description("List a user's factors (never a secret)")
    .requiredOption('--user-id <id>', 'user id')
    .option('--json', 'print JSON')
    .action(async (options: { userId: string; json?: boolean }) => {
      printList(await withServices(env, (services) => services.userSecurity.listFactors(options.userId)), Boolean(options.json));
    });
  factors
    .command('reset')
    .description("Remove one factor (--factor-id) or all of a user's factors; the user's sessions end (audited, the holder is told)")
    .requiredOption('--user-id <id>', 'user id')
    .option('--factor-id <id>', 'only this factor')
    .option('--json', 'print JSON')
    .action(async (options: { userId: string; factorId?: string; json?: boolean }) => {
      print(await withServices(env, (services) => services.userSecurity.resetFactors(options.userId, options.factorId, CLI_CONTEXT)), Boolean(options.json));
    });

  const sessions = users.command('sessions').description("A user's sessions");
  sessions
    .command('list')
    .description("List a user's live sessions (never a token)")
    .requiredOption('--user-id <id>', 'user id')
    .option('--json', 'print JSON')
    .action(async (options: { userId: string; json?: boolean }) => {
      printList(await withServices(env, (services) => services.userSecurity.listSessions(options.userId)), Boolean(options.json));
    });
  sessions
    .command('revoke')
    .description("End one session (--session-id) or every session of a user (audited)")
    .requiredOption('--user-id <id>', 'user id')
    .option('--session-id <id>', 'only this session')
    .option('--json', 'print JSON')
    .action(async (options: { userId: string; sessionId?: string; json?: boolean }) => {
      print(await withServices(env, (services) => services.userSecurity.revokeSessions(options.userId, options.sessionId, CLI_CONTEXT)), Boolean(options.json));
    });
}
