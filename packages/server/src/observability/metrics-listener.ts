import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registryOf, type Metrics } from './metrics.js';

/**
 * GET /metrics on a listener of its own (TESSERA_METRICS_PORT, on TESSERA_METRICS_HOST — 127.0.0.1 by
 * default), so the series never reach the public listener nor need a token.
 */
export async function startMetricsListener(metrics: Metrics, options: { host: string; port: number }): Promise<{ url: string; close(): Promise<void> }> {
  const registry = registryOf(metrics);
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
