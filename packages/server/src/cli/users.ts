import type { Command } from 'commander';
import { print, withServices, type Env } from './context.js';

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
      const user = await withServices(env, (services) =>
        services.admin.createUser({
          ...(options.email ? { email: options.email } : {}),
          ...(options.username ? { username: options.username } : {}),
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
