import type { Command } from 'commander';
import { startServer } from '../main.js';
import { configOf } from './context.js';
import type { Env } from './index.js';

/** Graceful shutdown must not hang forever on a stuck connection. */
const SHUTDOWN_GRACE_MS = 10_000;

export function registerServeCommand(program: Command, env: Env): void {
  program
    .command('serve')
    .description('Run the HTTP server (TESSERA_HOST, TESSERA_PORT, TESSERA_DATA_DIR, …)')
    .action(async () => {
      const server = await startServer(configOf(env), {
        onFirstApp: ({ appId, appSecret }) => {
          process.stdout.write(
            `Created the default application. Its secret is shown only this once:\n` +
              `  appId:     ${appId}\n  appSecret: ${appSecret}\n`,
          );
        },
      });
      const shutdown = (signal: string) => {
        server.runtime.logger.info({ signal }, 'shutting down');
        const timer = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
        timer.unref();
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    });
}
