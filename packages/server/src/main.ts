import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { startWebhookWorker } from './delivery/webhook-worker.js';
import { startMetricsListener } from './observability/metrics-listener.js';
import { openRuntime, WEBHOOK_BATCH_SIZE, type Runtime, type RuntimeOverrides } from './runtime.js';

export interface RunningServer {
  app: FastifyInstance;
  runtime: Runtime;
  /** Base URL the server listens on, e.g. http://127.0.0.1:3000. */
  url: string;
  /** GET /metrics on the private listener, when TESSERA_METRICS_PORT is set. */
  metricsUrl?: string;
  /** Stops accepting, lets in-flight requests finish, closes the store. */
  close(): Promise<void>;
}

/** How often a closing server closes the keep-alive connections that have gone idle. */
const IDLE_SWEEP_MS = 50;

/** Default app created on first start with an empty database, so `npm start` is usable at once. */
export const DEFAULT_APP_NAME = 'Tessera';

/**
 * env → config → runtime → app → listen. On first start with no application, creates a default one and
 * hands its credentials to `onFirstApp` (shown once; only a hash is stored).
 */
export async function startServer(
  config: Config,
  options: RuntimeOverrides & { onFirstApp?: (credentials: { appId: string; appSecret: string }) => void } = {},
): Promise<RunningServer> {
  const runtime = await openRuntime(config, options);
  const created = await runtime.services.admin.ensureDefaultApp(DEFAULT_APP_NAME);
  if (created) options.onFirstApp?.({ appId: created.app.id, appSecret: created.appSecret });
  const app = await buildApp(runtime.services, config, runtime.logger);
  const address = await app.listen({ host: config.host, port: config.port });
  const metricsListener =
    config.metricsPort === undefined ? undefined : await startMetricsListener(runtime.services.metrics, { host: config.metricsHost, port: config.metricsPort });
  const webhooks = startWebhookWorker(runtime.services.webhookDispatcher, {
    intervalMs: config.webhookPollMs,
    batchSize: WEBHOOK_BATCH_SIZE,
    logger: runtime.logger,
  });
  let closing: Promise<void> | undefined;
  return {
    app,
    runtime,
    url: address,
    ...(metricsListener ? { metricsUrl: metricsListener.url } : {}),
    close: () =>
      (closing ??= (async () => {
        // Keep-alive connections would hold close() open until they time out: each one is closed as
        // soon as its request in flight has been answered.
        const sweep = setInterval(() => app.server.closeIdleConnections(), IDLE_SWEEP_MS);
        try {
          await app.close();
        } finally {
          clearInterval(sweep);
        }
        await webhooks.stop();
        await metricsListener?.close();
        await runtime.close();
      })()),
  };
}
