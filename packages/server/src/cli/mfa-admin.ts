import type { Command } from 'commander';
import { CLI_CONTEXT, parseLimit, print, withServices, type Env } from './context.js';

const MAX_AUDIT_LIMIT = 10_000;

/**
 * Operator commands of sign-in with MFA (docs/mfa-sign-in.md): unlock an account after repeated failures,
 * regenerate a recovery code, read the audit trail. Registered under `users` and as `audit`.
 */
export function registerMfaAdminCommands(program: Command, env: Env): void {
  const users = program.commands.find((command) => command.name() === 'users') ?? program.command('users');

  users
    .command('unlock')
    .description('Clear the second-factor failure count and lock of a user (audited)')
    .option('--user-id <id>', 'user id')
    .option('--email <email>', 'email address')
    .option('--json', 'print JSON')
    .action(async (options: { userId?: string; email?: string; json?: boolean }) => {
      if (!options.userId === !options.email) throw new Error('give exactly one of --user-id or --email');
      const who = options.userId ? { userId: options.userId } : { email: options.email! };
      print(await withServices(env, (services) => services.admin.unlockUser(who, CLI_CONTEXT)), Boolean(options.json));
    });

  users
    .command('recovery-codes')
    .description('Recovery codes of the OTP factor')
    .command('regenerate')
    .description('Issue a new recovery code for the user (printed once); the old one stops working')
    .requiredOption('--user-id <id>', 'user id')
    .option('--json', 'print JSON')
    .action(async (options: { userId: string; json?: boolean }) => {
      const recoveryCode = await withServices(env, (services) => services.admin.regenerateRecoveryCode(options.userId, CLI_CONTEXT));
      print({ userId: options.userId, recoveryCode }, Boolean(options.json));
    });

  program
    .command('audit')
    .description('The audit trail of enrollments, resets, verifications, locks and recovery-code uses')
    .command('list')
    .description('List audit events, oldest first (never a secret)')
    .option('--user-id <id>', 'only this user')
    .option('--limit <n>', 'newest n events (with --type/--from/--to/--after: the first n from there)', '100')
    .option('--type <type>', 'only events of this type (e.g. unlock, management.call)')
    .option('--from <time>', 'events at or after this ISO time')
    .option('--to <time>', 'events before this ISO time')
    .option('--after <cursor>', 'events after this event id (the nextCursor of a previous page)')
    .option('--json', 'print JSON')
    .action(async (options: { userId?: string; limit: string; type?: string; from?: string; to?: string; after?: string; json?: boolean }) => {
      const limit = parseLimit(options.limit, MAX_AUDIT_LIMIT);
      const paged = options.type !== undefined || options.from !== undefined || options.to !== undefined || options.after !== undefined;
      const time = (value: string | undefined, name: string) => {
        if (value === undefined) return undefined;
        const at = Date.parse(value);
        if (!Number.isFinite(at)) throw new Error(`--${name} must be an ISO time`);
        return at;
      };
      const events = await withServices(env, async (services) =>
        paged
          // The same query as GET /api/v3/tessera/list-audit-events.
          ? (await services.userSecurity.queryAudit({
              limit,
              ...(options.userId ? { userId: options.userId } : {}),
              ...(options.type ? { type: options.type } : {}),
              ...(options.from ? { from: time(options.from, 'from') } : {}),
              ...(options.to ? { to: time(options.to, 'to') } : {}),
              ...(options.after ? { after: options.after } : {}),
            })).events
          : services.admin.listAudit({ limit, ...(options.userId ? { userId: options.userId } : {}) }),
      );
      const rows = events.map((event) => ({ ...event, at: new Date(event.at).toISOString() }));
      if (options.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else print(rows, false);
    });
}
