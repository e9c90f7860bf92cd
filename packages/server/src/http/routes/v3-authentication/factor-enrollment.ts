import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  EnrollFactorDtoSchema,
  EnvelopeBaseSchema,
  EnvelopeSchema,
  SendEnrollFactorRequestDataDtoSchema,
  SendEnrollFactorRequestDtoSchema,
} from '@tessera/contract';
import QRCode from 'qrcode';
import type { Runtime } from '../../../runtime.js';
import { requestLanguage, successEnvelope } from '../../envelope.js';
import { callerOf, requestContext, requireUser } from '../../plugins/caller.js';

/** Binding a factor: send-enroll-factor-request then enroll-factor (spec §3 #1, #2). */
export function factorEnrollmentRoutes(runtime: Runtime): FastifyPluginAsyncTypebox {
  const { enrollment, sessions, audit } = runtime.services;
  // The mfaToken of a 1636 answer (bind a factor before signing in) is accepted here too.
  const authenticate = requireUser(runtime, { allowEnrollmentToken: true });
  return async (app) => {
    app.post('/api/v3/send-enroll-factor-request', {
      schema: {
        operationId: 'sendEnrollFactorRequest',
        tags: ['mfa-factor-management'],
        summary: 'Start binding a factor: sends a code (SMS, EMAIL) or returns a TOTP secret (OTP)',
        body: SendEnrollFactorRequestDtoSchema,
        response: { 200: EnvelopeSchema(SendEnrollFactorRequestDataDtoSchema) },
      },
      onRequest: authenticate,
      handler: async (request) => {
        const caller = callerOf(request);
        // ENR-02: with a factor bound, binding another needs a recent second factor in this session.
        await sessions.assertRecentSecondFactor(caller.userId, caller.session);
        const user = await runtime.store.users.findById(caller.userId);
        const started = await enrollment.start({
          app: caller.app,
          enrollee: { userId: caller.userId, accountLabel: user?.email ?? user?.username ?? user?.phone ?? caller.userId },
          factorType: request.body.factorType,
          profile: request.body.profile,
          language: requestLanguage(request),
          clientIp: request.ip,
        });
        if (!started.otp) return successEnvelope(request, { enrollmentToken: started.enrollmentToken });
        return successEnvelope(request, {
          enrollmentToken: started.enrollmentToken,
          otpData: {
            qrCodeUri: started.otp.uri,
            qrCodeDataUrl: await QRCode.toDataURL(started.otp.uri, { errorCorrectionLevel: 'M' }),
            recoveryCode: started.otp.recoveryCode,
          },
        });
      },
    });

    app.post('/api/v3/enroll-factor', {
      schema: {
        operationId: 'enrollFactor',
        tags: ['mfa-factor-management'],
        summary: 'Finish binding a factor with the code it received (or the current TOTP)',
        body: EnrollFactorDtoSchema,
        response: { 200: EnvelopeBaseSchema },
      },
      onRequest: authenticate,
      handler: async (request) => {
        const { userId, session } = callerOf(request);
        await sessions.assertRecentSecondFactor(userId, session);
        const factor = await enrollment.confirm({
          userId,
          factorType: request.body.factorType,
          enrollmentToken: request.body.enrollmentToken,
          passCode: request.body.enrollmentData.passCode,
          context: requestContext(request),
        });
        // Proving the new factor is a second factor proven in this session: it raises the session (aal2
        // for OTP and SMS), so the plain flow — sign in, bind, bind another, reset — keeps working.
        if (session && factor.type !== 'FACE') await sessions.recordSecondFactor(session, factor.type);
        await audit.record({ type: 'factor.enroll', outcome: 'ok', userId, factorType: factor.type, via: 'enrollment', context: requestContext(request) });
        return successEnvelope(request);
      },
    });
  };
}
