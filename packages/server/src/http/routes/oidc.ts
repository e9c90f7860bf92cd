import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Runtime } from '../../runtime.js';

/** The public keys that verify Tessera's access tokens, for resource servers. */
export function oidcRoutes(runtime: Runtime): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/oidc/.well-known/jwks.json', {
      schema: { operationId: 'jwks', tags: ['oidc'], summary: 'JSON Web Key Set of the token signing keys' },
      handler: async (_request, reply) => {
        void reply.header('cache-control', 'public, max-age=300');
        return runtime.tokens.jwks;
      },
    });
  };
}
