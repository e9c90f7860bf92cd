import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';

/**
 * The OpenAPI document is generated from the route schemas (never written by hand), served at
 * /openapi.json, and committed as docs/openapi.json so API changes show up as diffs.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tessera',
        version: '0.1.0',
        description:
          'Self-hosted MFA factor service, wire-compatible with the GenAuth / Authing V3 authentication API. ' +
          'API routes answer HTTP 200 with a business statusCode in the envelope.',
      },
      components: {
        securitySchemes: {
          accessToken: { type: 'apiKey', in: 'header', name: 'authorization', description: 'Access token, raw or as "Bearer <token>"' },
          appId: { type: 'apiKey', in: 'header', name: 'x-authing-app-id' },
          management: {
            type: 'apiKey',
            in: 'header',
            name: 'authorization',
            description:
              'Management calls: "authing <accessKeyId>:<HMAC-SHA1 signature>" with the x-authing-signature-* and date headers (GenAuth Node ManagementClient), or "Bearer <management token>" from POST /api/v3/get-management-token',
          },
        },
      },
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

/** The document as committed: stable key order, trailing newline. */
export function renderOpenApi(app: FastifyInstance): string {
  return `${JSON.stringify(app.swagger(), null, 2)}\n`;
}
