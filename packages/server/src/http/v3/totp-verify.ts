import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EnvelopeSchema, MfaOtpVerifyDtoSchema, OtpVerifyDataSchema } from '@tessera/contract';
import type { Services } from '../../runtime.js';
import { callerOf, requestContext, requireUser } from '../plugins/caller.js';
import { successEnvelope } from './envelope.js';

/** POST /api/v3/mfa-totp-verify (spec §3 #7): a wrong or replayed code is `verified: false` (spec §0). */
export function totpVerifyRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/mfa-totp-verify', {
      schema: {
        operationId: 'mfaOtpVerify',
        tags: ['mfa-factor-management'],
        summary: 'Check a TOTP against the bound OTP factor; each code passes at most once',
        body: MfaOtpVerifyDtoSchema,
        response: { 200: EnvelopeSchema(OtpVerifyDataSchema) },
      },
      onRequest: requireUser(services),
      handler: async (request) => {
        // A verified TOTP is also a step-up: the session is raised to aal2 (docs/mfa-sign-in.md).
        const { verified } = await services.stepUp(callerOf(request), 'OTP', request.body.totp, requestContext(request));
        return successEnvelope(request, { verified });
      },
    });
  };
}
