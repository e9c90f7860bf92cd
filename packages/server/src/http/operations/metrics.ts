import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { registryOf, type Metrics } from '../../observability/metrics.js';

/**
 * GET /metrics on the public listener, only when TESSERA_METRICS_TOKEN is set and only for `Authorization:
 * Bearer <that token>` (compared in constant time). The default is the private listener of
 * TESSERA_METRICS_PORT (observability/metrics-listener.ts).
 */
export function registerTokenProtectedMetrics(app: FastifyInstance, metrics: Metrics, token: string): void {
  const expected = digest(`Bearer ${token}`);
  const registry = registryOf(metrics);
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const given = digest(request.headers.authorization ?? '');
    if (!timingSafeEqual(given, expected)) return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized' });
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}

const digest = (text: string) => createHash('sha256').update(text).digest();
