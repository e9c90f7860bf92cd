import type { Command } from 'commander';
import { startServer, type RunningServer } from '../main.js';
import { configOf, type Env } from './context.js';

/** Graceful shutdown must not hang forever on a stuck connection. */
const SHUTDOWN_GRACE_MS = 10_000;

export function registerServeCommand(program: Command, env: Env): void {
  program
    .command('serve')
    .description('Run the HTTP server (TESSERA_HOST, TESSERA_PORT, TESSERA_DATA_DIR, …)')
    .action(async () => {
      // Handlers go in before listening: a SIGTERM that arrives while starting still shuts down cleanly.
      let server: RunningServer | undefined;
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        server?.runtime.logger.info({ signal }, 'shutting down');
        const timer = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
        timer.unref();
        void (server ? server.close() : Promise.resolve()).then(() => process.exit(0));
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
      server = await startServer(configOf(env), {
        onFirstApp: ({ appId, appSecret }) => {
          process.stdout.write(
            `Created the default application. Its secret is shown only this once:\n` +
              `  appId:     ${appId}\n  appSecret: ${appSecret}\n`,
          );
        },
      });
      if (stopping) await server.close();
      else process.stdout.write(`Open ${server.url}/ in a browser to sign in and set up second factors.\n`);
    });
}
