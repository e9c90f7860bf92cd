import type { Command } from 'commander';
import { parseLimit, print, withServices, type Env } from './context.js';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 10_000;

export function registerDeliveryCommands(program: Command, env: Env): void {
  const deliveries = program.command('deliveries').description('The delivery log of SMS and email codes (never the codes)');

  deliveries
    .command('list')
    .description('List code deliveries, newest first: who, channel, purpose, masked destination, provider, outcome')
    .option('--user <userId>', 'only this user')
    .option('--limit <n>', `at most this many rows (1–${MAX_LIMIT})`, String(DEFAULT_LIMIT))
    .option('--json', 'print JSON')
    .action(async (options: { user?: string; limit: string; json?: boolean }) => {
      const limit = parseLimit(options.limit, MAX_LIMIT);
      const rows = await withServices(env, (services) =>
        services.admin.listDeliveries({ limit, ...(options.user ? { userId: options.user } : {}) }),
      );
      print(
        rows.map((row) => ({
          id: row.id,
          at: new Date(row.createdAt).toISOString(),
          userId: row.userId,
          channel: row.channel,
          purpose: row.purpose,
          to: row.maskedDestination,
          clientIp: row.clientIp,
          provider: row.provider,
          outcome: row.outcome,
          reason: row.reason,
        })),
        Boolean(options.json),
      );
    });
}
