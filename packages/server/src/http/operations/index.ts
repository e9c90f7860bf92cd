import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { HttpDeps } from '../plugins/http-deps.js';
import { registerTokenProtectedMetrics } from './metrics.js';

/** GET /health: 200 when the database (and Redis) answers, 503 otherwise. Plain HTTP, for load balancers. */
export function operationsApi(deps: HttpDeps, options: { metricsToken?: string | undefined } = {}): FastifyPluginAsyncTypebox {
  return async (app) => {
    if (options.metricsToken) registerTokenProtectedMetrics(app, deps.services.metrics, options.metricsToken);
    app.get('/health', {
      schema: {
        operationId: 'health',
        tags: ['operations'],
        summary: 'Liveness and database reachability',
        response: {
          200: Type.Object({ status: Type.Literal('ok') }),
          503: Type.Object({ status: Type.Literal('unavailable'), reason: Type.String() }),
        },
      },
      handler: async (_request, reply) => {
        if (await deps.services.health.isReady()) return { status: 'ok' as const };
        return reply.code(503).send({ status: 'unavailable' as const, reason: 'database unreachable' });
      },
    });
  };
}
