import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  EnvelopeBaseSchema,
  EnvelopeSchema,
  FactorDtoSchema,
  GetFactorDtoSchema,
  ListEnrolledFactorsDataSchema,
  ListFactorsToEnrollDataSchema,
  ResetFactorDtoSchema,
} from '@tessera/contract';
import type { Runtime } from '../../../runtime.js';
import { successEnvelope } from '../../envelope.js';
import { callerOf, requestContext, requireUser } from '../../plugins/caller.js';

/** Reading and removing bound factors (spec §3 #3–#6). Response schemas keep secrets off the wire. */
export function factorRoutes(runtime: Runtime): FastifyPluginAsyncTypebox {
  const { factors, sessions, audit } = runtime.services;
  const authenticate = requireUser(runtime);
  // The mfaToken of a 1636 answer may list what is bound and what can be bound, nothing more (AZ-04).
  const authenticateOrEnrolling = requireUser(runtime, { allowEnrollmentToken: true });
  return async (app) => {
    app.post('/api/v3/reset-factor', {
      schema: {
        operationId: 'resetFactor',
        tags: ['mfa-factor-management'],
        summary: 'Unbind a factor; its secret is deleted',
        body: ResetFactorDtoSchema,
        response: { 200: EnvelopeBaseSchema },
      },
      onRequest: authenticate,
      handler: async (request) => {
        const { userId, session } = callerOf(request);
        // ENR-03: removing a factor needs a recent second factor in this session…
        await sessions.assertRecentSecondFactor(userId, session);
        const factor = await runtime.store.factors.findForUser(userId, request.body.factorId);
        await factors.reset(userId, request.body.factorId);
        // …and ends the user's other sessions.
        const revoked = await sessions.revokeOthers(userId, session);
        await audit.record({
          type: 'factor.reset',
          outcome: 'ok',
          userId,
          factorType: factor?.type ?? null,
          via: 'self-service',
          context: requestContext(request),
          detail: { revokedSessions: revoked },
        });
        return successEnvelope(request);
      },
    });

    app.get('/api/v3/list-enrolled-factors', {
      schema: {
        operationId: 'listEnrolledFactors',
        tags: ['mfa-factor-management'],
        summary: 'List the factors the signed-in user has bound',
        response: { 200: EnvelopeSchema(ListEnrolledFactorsDataSchema) },
      },
      onRequest: authenticateOrEnrolling,
      handler: async (request) => successEnvelope(request, await factors.list(callerOf(request).userId)),
    });

    app.get('/api/v3/get-factor', {
      schema: {
        operationId: 'getFactor',
        tags: ['mfa-factor-management'],
        summary: 'Get one factor the signed-in user has bound',
        querystring: GetFactorDtoSchema,
        response: { 200: EnvelopeSchema(FactorDtoSchema) },
      },
      onRequest: authenticate,
      handler: async (request) => successEnvelope(request, await factors.get(callerOf(request).userId, request.query.factorId)),
    });

    app.get('/api/v3/list-factors-to-enroll', {
      schema: {
        operationId: 'listFactorsToEnroll',
        tags: ['mfa-factor-management'],
        summary: 'List the factor types the app enables and the user has not bound',
        response: { 200: EnvelopeSchema(ListFactorsToEnrollDataSchema) },
      },
      onRequest: authenticateOrEnrolling,
      handler: async (request) => {
        const caller = callerOf(request);
        return successEnvelope(request, await factors.listToEnroll(caller.app, caller.userId));
      },
    });
  };
}
