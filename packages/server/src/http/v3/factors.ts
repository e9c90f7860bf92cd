import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  EnvelopeBaseSchema,
  EnvelopeSchema,
  FactorDtoSchema,
  GetFactorDtoSchema,
  ListEnrolledFactorsDataSchema,
  ListFactorsToEnrollDataSchema,
  RegenerateRecoveryCodeDataSchema,
  ResetFactorDtoSchema,
} from '@tessera/contract';
import type { Services } from '../../runtime.js';
import { callerOf, claimedCallerOf, requestContext, requireToken, requireUser } from '../plugins/caller.js';
import { successEnvelope } from './envelope.js';

/** Reading and removing bound factors (spec §3 #3–#6). Response schemas keep secrets off the wire. */
export function factorRoutes(services: Services): FastifyPluginAsyncTypebox {
  const { factors } = services;
  const authenticate = requireUser(services);
  // The mfaToken of a 1636 answer may list what is bound and what can be bound, nothing more (AZ-04).
  const authenticateOrEnrolling = requireUser(services, { allowEnrollmentToken: true });
  // The hot reads check the session in the statement that reads the factors (issue 14: one round trip).
  const identify = requireToken(services);
  const identifyOrEnrolling = requireToken(services, { allowEnrollmentToken: true });
  return async (app) => {
    app.post('/reset-factor', {
      schema: {
        operationId: 'resetFactor',
        tags: ['mfa-factor-management'],
        summary: 'Unbind a factor; its secret is deleted',
        body: ResetFactorDtoSchema,
        response: { 200: EnvelopeBaseSchema },
      },
      onRequest: authenticate,
      handler: async (request) => {
        await services.resetFactor(callerOf(request), request.body.factorId, requestContext(request));
        return successEnvelope(request);
      },
    });

    app.post('/regenerate-recovery-code', {
      schema: {
        operationId: 'regenerateRecoveryCode',
        tags: ['mfa-factor-management'],
        summary: "Tessera's own: a new recovery code, shown once (needs a recent aal2 proof in this session)",
        response: { 200: EnvelopeSchema(RegenerateRecoveryCodeDataSchema) },
      },
      onRequest: authenticate,
      handler: async (request) => {
        const recoveryCode = await services.recoveryCodes.bySelf(callerOf(request), requestContext(request));
        return successEnvelope(request, { recoveryCode });
      },
    });

    app.get('/list-enrolled-factors', {
      schema: {
        operationId: 'listEnrolledFactors',
        tags: ['mfa-factor-management'],
        summary: 'List the factors the signed-in user has bound',
        response: { 200: EnvelopeSchema(ListEnrolledFactorsDataSchema) },
      },
      onRequest: identifyOrEnrolling,
      handler: async (request) => successEnvelope(request, await factors.listForCaller(claimedCallerOf(request))),
    });

    app.get('/get-factor', {
      schema: {
        operationId: 'getFactor',
        tags: ['mfa-factor-management'],
        summary: 'Get one factor the signed-in user has bound',
        querystring: GetFactorDtoSchema,
        response: { 200: EnvelopeSchema(FactorDtoSchema) },
      },
      onRequest: identify,
      handler: async (request) => successEnvelope(request, await factors.getForCaller(claimedCallerOf(request), request.query.factorId)),
    });

    app.get('/list-factors-to-enroll', {
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
