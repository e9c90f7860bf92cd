import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EnvelopeSchema, MfaOtpVerifyDtoSchema, OtpVerifyDataSchema } from '@tessera/contract';
import type { Runtime } from '../../../runtime.js';
import { successEnvelope } from '../../envelope.js';
import { callerOf, requestContext, requireUser } from '../../plugins/caller.js';

/** POST /api/v3/mfa-totp-verify (spec §3 #7): a wrong or replayed code is `verified: false` (spec §0). */
export function totpVerifyRoutes(runtime: Runtime): FastifyPluginAsyncTypebox {
  const { totp } = runtime.services;
  return async (app) => {
    app.post('/api/v3/mfa-totp-verify', {
      schema: {
        operationId: 'mfaOtpVerify',
        tags: ['mfa-factor-management'],
        summary: 'Check a TOTP against the bound OTP factor; each code passes at most once',
        body: MfaOtpVerifyDtoSchema,
        response: { 200: EnvelopeSchema(OtpVerifyDataSchema) },
      },
      onRequest: requireUser(runtime),
      handler: async (request) => {
        const { userId, session } = callerOf(request);
        const { verified } = await totp.verify(userId, request.body.totp, requestContext(request));
        // A verified TOTP is also a step-up: the session is raised to aal2 (docs/mfa-sign-in.md).
        if (verified && session) await runtime.services.sessions.recordSecondFactor(session, 'OTP');
        return successEnvelope(request, { verified });
      },
    });
  };
}
