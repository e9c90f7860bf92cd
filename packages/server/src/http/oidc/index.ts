import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HttpDeps } from '../plugins/http-deps.js';

/**
 * The standard OAuth/OIDC endpoints, mounted at /oidc. They follow their RFCs, not GenAuth's envelope.
 * Today: the public keys that verify Tessera's access tokens, for resource servers.
 */
export function oidcApi(deps: HttpDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/.well-known/jwks.json', {
      schema: { operationId: 'jwks', tags: ['oidc'], summary: 'JSON Web Key Set of the token signing keys' },
      handler: async (_request, reply) => {
        void reply.header('cache-control', 'public, max-age=300');
        return deps.services.jwks;
      },
    });
  };
}
