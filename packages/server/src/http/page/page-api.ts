import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EnvelopeBaseSchema, EnvelopeSchema, FactorTypeSchema } from '@tessera/contract';
import { Type } from '@sinclair/typebox';
import type { Services } from '../../runtime.js';
import { clearSessionCookies } from '../plugins/cookie-session.js';
import { callerOf, requireUser } from '../plugins/caller.js';
import { successEnvelope } from '../v3/envelope.js';

const TAGS = ['page'];

const PublicAppDtoSchema = Type.Object({
  appId: Type.String(),
  name: Type.String(),
  enabledFactors: Type.Array(FactorTypeSchema),
  mfaPolicy: Type.String({ description: 'off, if-enrolled or required' }),
});

const AccountSessionDtoSchema = Type.Object({
  sessionId: Type.String(),
  current: Type.Boolean({ description: 'The session of this request' }),
  aal: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.String({ format: 'date-time' }),
});

/**
 * What the hosted page needs that the GenAuth API has no endpoint for: which app it signs in to, the
 * user's sessions, signing out. The user routes take the page's cookie (http/plugins/cookie-session.ts)
 * or a bearer token, like any V3 route.
 */
export function pageApiRoutes(services: Services): FastifyPluginAsyncTypebox {
  const signedIn = requireUser(services);
  return async (app) => {
    app.get('/app', {
      schema: {
        operationId: 'describePageApp',
        tags: TAGS,
        summary: 'The app a hosted page signs in to: the one named, else the default app',
        querystring: Type.Object({ app_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false }),
        response: { 200: EnvelopeSchema(PublicAppDtoSchema) },
      },
      handler: async (request) => successEnvelope(request, await services.describeApp(request.query.app_id)),
    });

    app.get('/sessions', {
      schema: {
        operationId: 'listAccountSessions',
        tags: TAGS,
        summary: "The signed-in user's live sessions",
        response: { 200: EnvelopeSchema(Type.Array(AccountSessionDtoSchema)) },
      },
      onRequest: signedIn,
      handler: async (request) => {
        const sessions = await services.accountSessions.list(callerOf(request));
        return successEnvelope(
          request,
          sessions.map((session) => ({
            ...session,
            createdAt: new Date(session.createdAt).toISOString(),
            lastUsedAt: new Date(session.lastUsedAt).toISOString(),
          })),
        );
      },
    });

    app.post('/sign-out', {
      schema: { operationId: 'signOutSession', tags: TAGS, summary: 'End this session', response: { 200: EnvelopeBaseSchema } },
      onRequest: signedIn,
      handler: async (request, reply) => {
        await services.accountSessions.signOut(callerOf(request));
        clearSessionCookies(request, reply);
        return successEnvelope(request);
      },
    });

    app.post('/sign-out-others', {
      schema: {
        operationId: 'signOutOtherSessions',
        tags: TAGS,
        summary: "End the user's other sessions",
        response: { 200: EnvelopeSchema(Type.Object({ ended: Type.Integer() })) },
      },
      onRequest: signedIn,
      handler: async (request) => successEnvelope(request, { ended: await services.accountSessions.signOutOthers(callerOf(request)) }),
    });
  };
}
