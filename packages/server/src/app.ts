import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createLazySchemaCompilers } from './http/lazy-schema-compilers.js';
import { mfaTokenIntrospectionApi } from './http/mfa-token/index.js';
import { oidcApi } from './http/oidc/index.js';
import { pageSurface } from './http/page/index.js';
import { installCookieSession } from './http/plugins/cookie-session.js';
import { operationsApi } from './http/operations/index.js';
import { installErrorEnvelope, PLAIN_HTTP_ENVELOPE } from './http/plugins/error-envelope.js';
import type { HttpDeps } from './http/plugins/http-deps.js';
import { registerOpenApi } from './http/plugins/openapi.js';
import { installRequestObservation, requestIdOf } from './http/plugins/request-observation.js';
import { createRequestLog } from './observability/request-log.js';
import { v2Api } from './http/v2/index.js';
import { v3Api } from './http/v3/index.js';
import type { Services } from './runtime.js';
import { isStoreUnavailable } from './storage/store-unavailable.js';

/**
 * Mounts one encapsulated plugin per surface, each with its own envelope. Never listens: main.ts does,
 * tests use inject() or listen on port 0.
 */
export async function buildApp(services: Services, config: Config, logger: Logger): Promise<FastifyInstance> {
  const schemaCompilers = createLazySchemaCompilers();
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    genReqId: requestIdOf,
    // One line per request, written off fastify's two (http/plugins/request-observation.ts).
    logController: new LogController({ disableRequestLogging: true }),
    // A passkey's credential id travels in the path (up to 1023 bytes, base64url): the route's schema bounds
    // it with a clear 400, so the router's own limit (100 by default, a bare 414) stays above that.
    routerOptions: { maxParamLength: 4096 },
    // Each route's validator and serializer is compiled on its first request, not all at boot (memory).
    schemaController: { compilersFactory: schemaCompilers.compilersFactory },
    ajv: {
      customOptions: {
        // Strict input: no silent coercion ("123456" must be a string, not a number) and no silently
        // dropped unknown fields where a schema closes its object.
        coerceTypes: false,
        removeAdditional: false,
        allErrors: false,
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate('compileAllSchemas', schemaCompilers.compileAll);

  const deps: HttpDeps = { services, isStoreUnavailable };
  // Outside the API surfaces (unknown pages, health, keys) HTTP statuses tell the truth.
  installErrorEnvelope(app, PLAIN_HTTP_ENVELOPE, isStoreUnavailable);
  installRequestObservation(app, services.metrics, createRequestLog(logger));
  await registerOpenApi(app);
  installCookieSession(app);
  await app.register(operationsApi(deps, { metricsToken: config.metricsToken }));
  await app.register(oidcApi(deps), { prefix: '/oidc' });
  await app.register(v3Api(deps), { prefix: '/api/v3' });
  await app.register(v2Api(deps), { prefix: '/api/v2' });
  await app.register(mfaTokenIntrospectionApi(deps));
  await app.register(pageSurface(deps));
  return app;
}
