import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EnvelopeSchema, GetProfileQuerySchema, GetSecurityInfoDtoSchema, UserDtoSchema } from '@tessera/contract';
import type { Services } from '../../runtime.js';
import { callerOf, requireUser } from '../plugins/caller.js';
import { toUserDto } from '../plugins/user-dto.js';
import { successEnvelope } from './envelope.js';

/** The signed-in user's own profile and security level (the official SDK's getProfile, getSecurityLevel). */
export function profileRoutes(services: Services): FastifyPluginAsyncTypebox {
  const authenticate = requireUser(services);
  return async (app) => {
    app.get('/get-profile', {
      schema: {
        operationId: 'getProfile',
        tags: ['accounts'],
        summary: "The signed-in user's profile (UserSingleRespDto)",
        querystring: GetProfileQuerySchema,
        response: { 200: EnvelopeSchema(UserDtoSchema) },
      },
      onRequest: authenticate,
      handler: async (request) => successEnvelope(request, toUserDto(await services.profile.profile(callerOf(request)))),
    });

    app.get('/get-security-info', {
      schema: {
        operationId: 'getSecurityLevel',
        tags: ['accounts'],
        summary: "The signed-in user's password level and account security score (GetSecurityInfoRespDto)",
        response: { 200: EnvelopeSchema(GetSecurityInfoDtoSchema) },
      },
      onRequest: authenticate,
      handler: async (request) => successEnvelope(request, await services.profile.securityInfo(callerOf(request))),
    });
  };
}
