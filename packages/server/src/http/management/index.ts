import type { FastifyPluginAsync } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EnvelopeSchema, GetManagementTokenDtoSchema, ManagementTokenDataSchema } from '@tessera/contract';
import type { HttpDeps } from '../plugins/http-deps.js';
import { successEnvelope } from '../v3/envelope.js';
import { adminRoutes } from './admin-routes.js';
import { managementContext, managementHooks } from './management-caller.js';
import { mfaRoutes } from './mfa-routes.js';
import { userRoutes } from './user-routes.js';
import { webhookRoutes } from './webhook-routes.js';

/**
 * The GenAuth V3 management API (spec §7), mounted inside the V3 plugin so it answers in the V3 envelope.
 * Every route but the token exchange is authenticated by the Node HMAC signature (spec §8) or a management
 * token (spec §2.4) — never by a user's access token — and audited with the access key.
 */
export function managementApi(deps: HttpDeps): FastifyPluginAsync {
  const { services } = deps;
  const tokenRoutes: FastifyPluginAsyncTypebox = async (app) => {
    app.post('/get-management-token', {
      schema: {
        operationId: 'getManagementToken',
        tags: ['management'],
        summary: 'Exchange an access key and its secret for a management token (Python ManagementClient)',
        body: GetManagementTokenDtoSchema,
        response: { 200: EnvelopeSchema(ManagementTokenDataSchema) },
      },
      handler: async (request) =>
        successEnvelope(request, await services.management.auth.exchangeForToken(request.body, managementContext(request))),
    });
  };
  const authenticatedRoutes: FastifyPluginAsync = async (app) => {
    const hooks = managementHooks(services);
    // Documented once for every route of this plugin (docs/openapi.json).
    app.addHook('onRoute', (route) => {
      route.schema = { ...route.schema, security: [{ management: [] }] };
    });
    app.addHook('preValidation', hooks.authenticate);
    app.addHook('onError', hooks.noteFailure);
    app.addHook('onResponse', hooks.audit);
    await app.register(mfaRoutes(services));
    await app.register(userRoutes(services));
    await app.register(adminRoutes(services));
    await app.register(webhookRoutes(services));
  };
  return async (app) => {
    await app.register(tokenRoutes);
    await app.register(authenticatedRoutes);
  };
}
