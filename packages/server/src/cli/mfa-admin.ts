import type { Command } from 'commander';
import { canonicalEmail, parseEmail } from '../domain/contact/contact-address.js';
import type { Runtime } from '../runtime.js';
import { print, withRuntime } from './context.js';
import type { Env } from './index.js';

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
      const result = await withRuntime(env, async (runtime) => {
        const userId = await resolveUserId(runtime, options);
        const before = await runtime.store.failureBudget.inspect(userId);
        await runtime.services.guard.unlock(userId, { appId: null, ip: null, userAgent: 'tessera-cli' });
        return { userId, previousConsecutiveFailures: before?.consecutiveFailures ?? 0, unlocked: true };
      });
      print(result, Boolean(options.json));
    });

  users
    .command('recovery-codes')
    .description('Recovery codes of the OTP factor')
    .command('regenerate')
    .description('Issue a new recovery code for the user (printed once); the old one stops working')
    .requiredOption('--user-id <id>', 'user id')
    .option('--json', 'print JSON')
    .action(async (options: { userId: string; json?: boolean }) => {
      const recoveryCode = await withRuntime(env, (runtime) =>
        runtime.services.recoveryCodes.regenerate(options.userId, { appId: null, ip: null, userAgent: 'tessera-cli' }),
      );
      print({ userId: options.userId, recoveryCode }, Boolean(options.json));
    });

  program
    .command('audit')
    .description('The audit trail of enrollments, resets, verifications, locks and recovery-code uses')
    .command('list')
    .description('List audit events, oldest first (never a secret)')
    .option('--user-id <id>', 'only this user')
    .option('--limit <n>', 'newest n events', '100')
    .option('--json', 'print JSON')
    .action(async (options: { userId?: string; limit: string; json?: boolean }) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new Error('--limit must be an integer from 1 to 10000');
      const events = await withRuntime(env, (runtime) =>
        runtime.services.audit.list({ limit, ...(options.userId ? { userId: options.userId } : {}) }),
      );
      const rows = events.map((event) => ({ ...event, at: new Date(event.at).toISOString() }));
      if (options.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else print(rows, false);
    });
}

async function resolveUserId(runtime: Runtime, options: { userId?: string; email?: string }): Promise<string> {
  if (!options.userId === !options.email) throw new Error('give exactly one of --user-id or --email');
  const user = options.userId
    ? await runtime.store.users.findById(options.userId)
    : await runtime.store.users.findByLogin({ emailKey: canonicalEmail(parseEmail(options.email!)) });
  if (!user) throw new Error('no such user');
  return user.id;
}
