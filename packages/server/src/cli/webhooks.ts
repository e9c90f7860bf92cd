import type { Command } from 'commander';
import { EVENT_TYPES, type OutboxState } from '../domain/ports.js';
import { parseLimit, print, withServices, type Env } from './context.js';

const STATES: OutboxState[] = ['pending', 'delivered', 'failed'];
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 10_000;

/** `tessera apps webhooks …`: signed event webhooks of an application. */
export function registerWebhookCommands(apps: Command, env: Env): void {
  const webhooks = apps.command('webhooks').description('Signed event webhooks of an application (docs/operations.md)');

  webhooks
    .command('add')
    .description('Add an endpoint; prints its signing secret (shown once)')
    .requiredOption('--app-id <id>', 'application id')
    .requiredOption('--url <url>', 'where events are POSTed (https in production)')
    .requiredOption('--events <list>', `comma-separated: ${EVENT_TYPES.join(', ')}`)
    .option('--json', 'print JSON')
    .action(async (options: { appId: string; url: string; events: string; json?: boolean }) => {
      const events = options.events.split(',').map((event) => event.trim()).filter(Boolean);
      const { endpoint, secret } = await withServices(env, (services) => services.webhooks.add({ appId: options.appId, url: options.url, events }));
      print({ id: endpoint.id, appId: endpoint.appId, url: endpoint.url, events: endpoint.events, secret }, Boolean(options.json));
    });

  webhooks
    .command('list')
    .description("List an application's endpoints (never their secrets)")
    .requiredOption('--app-id <id>', 'application id')
    .option('--json', 'print JSON')
    .action(async (options: { appId: string; json?: boolean }) => {
      const endpoints = await withServices(env, (services) => services.webhooks.list(options.appId));
      print(
        endpoints.map((endpoint) => ({ id: endpoint.id, url: endpoint.url, events: endpoint.events, createdAt: new Date(endpoint.createdAt).toISOString() })),
        Boolean(options.json),
      );
    });

  webhooks
    .command('remove')
    .description('Remove an endpoint; its undelivered events are dropped')
    .requiredOption('--app-id <id>', 'application id')
    .requiredOption('--id <webhookId>', 'endpoint id')
    .action(async (options: { appId: string; id: string }) => {
      const removed = await withServices(env, (services) => services.webhooks.remove(options.appId, options.id));
      if (!removed) throw new Error(`application ${options.appId} has no webhook ${options.id}`);
      process.stdout.write(`removed ${options.id}\n`);
    });
}

/** `tessera events list`: the event outbox and each delivery's state. */
export function registerEventCommands(program: Command, env: Env): void {
  program
    .command('events')
    .description('Events sent to webhooks')
    .command('list')
    .description('List event deliveries, newest first: event, endpoint, state, attempts, last error')
    .option('--app-id <id>', 'only this application')
    .option('--state <state>', STATES.join(' | '))
    .option('--limit <n>', `at most this many rows (1–${MAX_LIMIT})`, String(DEFAULT_LIMIT))
    .option('--json', 'print JSON')
    .action(async (options: { appId?: string; state?: string; limit: string; json?: boolean }) => {
      if (options.state !== undefined && !STATES.includes(options.state as OutboxState)) throw new Error(`--state must be one of ${STATES.join(', ')}`);
      const limit = parseLimit(options.limit, MAX_LIMIT);
      const rows = await withServices(env, (services) =>
        services.webhooks.deliveries({ limit, ...(options.appId ? { appId: options.appId } : {}), ...(options.state ? { state: options.state as OutboxState } : {}) }),
      );
      print(
        rows.map((row) => ({
          id: row.id,
          eventId: row.eventId,
          type: row.type,
          at: new Date(row.createdAt).toISOString(),
          appId: row.appId,
          endpointId: row.endpointId,
          state: row.state,
          attempts: row.attempts,
          nextAttemptAt: row.state === 'pending' ? new Date(row.nextAttemptAt).toISOString() : null,
          deliveredAt: row.deliveredAt === null ? null : new Date(row.deliveredAt).toISOString(),
          lastError: row.lastError,
        })),
        Boolean(options.json),
      );
    });
}
