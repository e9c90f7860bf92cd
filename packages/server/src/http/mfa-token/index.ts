import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MfaTokenIntrospectParamsSchema, MfaTokenIntrospectResponseSchema } from '@tessera/contract';
import { Type } from '@sinclair/typebox';
import type { HttpDeps } from '../plugins/http-deps.js';
import { extractToken, headerOf } from '../plugins/caller.js';

/**
 * POST /mfa/token/introspection (spec §4): is this mfaToken still redeemable? Answers
 * `{active, userPoolId, userId, exp, iat}` unwrapped, HTTP 200. The token comes from a JSON body, a form
 * body or the query string, else from `authorization` (raw or Bearer): the official SDKs send no body and
 * the token there after `setAccessToken(mfaToken)`.
 */
export function mfaTokenIntrospectionApi(deps: HttpDeps): FastifyPluginAsyncTypebox {
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
        const token = (typeof fromBody === 'string' && fromBody ? fromBody : request.query.token) || extractToken(request.headers.authorization);
        const app = await deps.services.callers.findApp(headerOf(request, 'x-authing-app-id'));
        return deps.services.redemption.introspect(app, token);
      },
    });
  };
}
