import type { Command } from 'commander';
import { CLI_CONTEXT, print, withServices, type Env } from './context.js';

/**
 * Management API credentials (issue 11): `access-keys create|list|disable|enable|delete`, and `pool show`
 * for the pool id a client may send as `x-authing-userpool-id`. A secret is printed once, at creation.
 */
export function registerAccessKeyCommands(program: Command, env: Env): void {
  const keys = program.command('access-keys').description('Access keys of the management API (the secret is shown once)');

  keys
    .command('create')
    .description('Create an access key; prints {accessKeyId, accessKeySecret} once')
    .option('--name <name>', 'a label for the key')
    .option('--json', 'print JSON')
    .action(async (options: { name?: string; json?: boolean }) => {
      print(await withServices(env, (services) => services.management.accessKeys.create({ name: options.name }, CLI_CONTEXT)), Boolean(options.json));
    });

  keys
    .command('list')
    .description('List access keys (never their secrets)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await withServices(env, (services) => services.management.accessKeys.list());
      if (options.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      else print(list, false);
    });

  for (const [name, description] of [
    ['disable', 'Disable an access key: its signatures and management tokens stop working at once'],
    ['enable', 'Enable a disabled access key again'],
    ['delete', 'Delete an access key for good'],
  ] as const) {
    keys
      .command(`${name} <accessKeyId>`)
      .description(description)
      .option('--json', 'print JSON')
      .action(async (accessKeyId: string, options: { json?: boolean }) => {
        const answer: Record<string, unknown> = await withServices(env, async (services): Promise<Record<string, unknown>> => services.management.accessKeys[name](accessKeyId, CLI_CONTEXT));
        print(answer, Boolean(options.json));
      });
  }

  program
    .command('pool')
    .description('The user pool this deployment is')
    .command('show')
    .description('Print the pool id (x-authing-userpool-id) and the globally enabled factor types')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const pool = await withServices(env, async (services) => ({
        userPoolId: await services.management.pool.id(),
        enabledFactors: await services.management.pool.enabledFactors(),
      }));
      print(pool, Boolean(options.json));
    });
}
