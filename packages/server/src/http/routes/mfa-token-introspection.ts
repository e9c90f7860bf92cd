import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MfaTokenIntrospectParamsSchema, MfaTokenIntrospectResponseSchema } from '@tessera/contract';
import { Type } from '@sinclair/typebox';
import type { Runtime } from '../../runtime.js';

/**
 * POST /mfa/token/introspection (spec §4): is this mfaToken still redeemable? Answers
 * `{active, userPoolId, userId, exp, iat}` unwrapped, HTTP 200. The token comes from a JSON body, a form
 * body or the query string; the official SDKs send an empty form body, which answers `{active: false}`.
 */
export function mfaTokenIntrospectionRoutes(runtime: Runtime): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Encapsulated: only this route accepts application/x-www-form-urlencoded (empty included).
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });

    app.post('/mfa/token/introspection', {
      // The token may travel in the query string: keep this route's URLs out of the info-level request log.
      logLevel: 'warn',
      schema: {
        operationId: 'verifyMfaToken',
        tags: ['mfa-sign-in'],
        summary: 'Introspect an mfaToken (unwrapped answer)',
        querystring: MfaTokenIntrospectParamsSchema,
        body: Type.Optional(Type.Union([MfaTokenIntrospectParamsSchema, Type.Null()])),
        response: { 200: MfaTokenIntrospectResponseSchema },
      },
      handler: async (request) => {
        const fromBody = (request.body as { token?: unknown } | null | undefined)?.token;
        const token = typeof fromBody === 'string' && fromBody ? fromBody : request.query.token;
        const header = request.headers['x-authing-app-id'];
        const appId = typeof header === 'string' ? header.trim() : '';
        const app = appId && appId.length <= 64 ? await runtime.store.apps.findById(appId) : undefined;
        return runtime.services.mfa.introspect(app, token);
      },
    });
  };
}
