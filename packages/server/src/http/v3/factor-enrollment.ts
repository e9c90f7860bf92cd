import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  EnrollFactorDtoSchema,
  EnvelopeBaseSchema,
  EnvelopeSchema,
  SendEnrollFactorRequestDataDtoSchema,
  SendEnrollFactorRequestDtoSchema,
} from '@tessera/contract';
import type { Services } from '../../runtime.js';
import { callerOf, requestContext, requireUser } from '../plugins/caller.js';
import { requestLanguage } from '../plugins/request-language.js';
import { successEnvelope } from './envelope.js';

// qrcode (with pngjs under it) is loaded on the first OTP enrollment, not at boot: many processes never draw one.
let qrCodeLibrary: Promise<typeof import('qrcode')> | undefined;
const qrCodeDataUrlOf = async (text: string): Promise<string> =>
  (await (qrCodeLibrary ??= import('qrcode'))).toDataURL(text, { errorCorrectionLevel: 'M' });

/** Binding a factor: send-enroll-factor-request then enroll-factor (spec §3 #1, #2). */
export function factorEnrollmentRoutes(services: Services): FastifyPluginAsyncTypebox {
  // The mfaToken of a 1636 answer (bind a factor before signing in) is accepted here too.
  const authenticate = requireUser(services, { allowEnrollmentToken: true });
  return async (app) => {
    app.post('/send-enroll-factor-request', {
      schema: {
        operationId: 'sendEnrollFactorRequest',
        tags: ['mfa-factor-management'],
        summary: 'Start binding a factor: sends a code (SMS, EMAIL) or returns a TOTP secret (OTP)',
        body: SendEnrollFactorRequestDtoSchema,
        response: { 200: EnvelopeSchema(SendEnrollFactorRequestDataDtoSchema) },
      },
      onRequest: authenticate,
      handler: async (request) => {
        const started = await services.binding.start({
          caller: callerOf(request),
          factorType: request.body.factorType,
          profile: request.body.profile,
          language: requestLanguage(request),
          context: requestContext(request),
        });
        if (!started.otp) return successEnvelope(request, { enrollmentToken: started.enrollmentToken });
        return successEnvelope(request, {
          enrollmentToken: started.enrollmentToken,
          otpData: {
            qrCodeUri: started.otp.otpauthUri,
            qrCodeDataUrl: await qrCodeDataUrlOf(started.otp.otpauthUri),
            recoveryCode: started.otp.recoveryCode,
          },
        });
      },
    });

    app.post('/enroll-factor', {
      schema: {
        operationId: 'enrollFactor',
        tags: ['mfa-factor-management'],
        summary: 'Finish binding a factor with the code it received (or the current TOTP, or a face photo for FACE)',
        body: EnrollFactorDtoSchema,
        response: { 200: EnvelopeBaseSchema },
      },
      bodyLimit: services.facePhotoBodyLimit,
      onRequest: authenticate,
      handler: async (request) => {
        await services.binding.confirm({
          caller: callerOf(request),
          factorType: request.body.factorType,
          enrollmentToken: request.body.enrollmentToken,
          // FACE answers with a photo, the others with a code.
          passCode: request.body.enrollmentData.photo ?? request.body.enrollmentData.passCode,
          context: requestContext(request),
        });
        return successEnvelope(request);
      },
    });
  };
}
