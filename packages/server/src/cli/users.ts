import type { Command } from 'commander';
import { parseEmail } from '../domain/contact/contact-address.js';
import { print, withRuntime } from './context.js';
import type { Env } from './index.js';

export function registerUserCommands(program: Command, env: Env): void {
  const users = program.command('users').description('Manage users');

  users
    .command('create')
    .description('Create a user with a password')
    .option('--email <email>', 'email address')
    .option('--username <username>', 'username')
    .requiredOption('--password <password>', 'password (at least 8 characters)')
    .option('--json', 'print JSON')
    .action(async (options: { email?: string; username?: string; password: string; json?: boolean }) => {
      if (!options.email && !options.username) throw new Error('give --email or --username');
      const user = await withRuntime(env, (runtime) =>
        runtime.services.accounts.createUser({
          email: options.email ? parseEmail(options.email) : null,
          username: options.username ?? null,
          password: options.password,
        }),
      );
      print(
        {
          userId: user.id,
          ...(user.email ? { email: user.email } : {}),
          ...(user.username ? { username: user.username } : {}),
          createdAt: new Date(user.createdAt).toISOString(),
        },
        Boolean(options.json),
      );
    });
}
