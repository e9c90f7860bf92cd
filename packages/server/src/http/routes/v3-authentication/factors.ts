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
import { callerOf, requireUser } from '../../plugins/caller.js';

/** Reading and removing bound factors (spec §3 #3–#6). Response schemas keep secrets off the wire. */
export function factorRoutes(runtime: Runtime): FastifyPluginAsyncTypebox {
  const { factors } = runtime.services;
  const authenticate = requireUser(runtime);
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
        await factors.reset(callerOf(request).userId, request.body.factorId);
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
      onRequest: authenticate,
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
      onRequest: authenticate,
      handler: async (request) => {
        const caller = callerOf(request);
        return successEnvelope(request, await factors.listToEnroll(caller.app, caller.userId));
      },
    });
  };
}
