import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EnvelopeBaseSchema, SendEmailDtoSchema, SendSmsDtoSchema } from '@tessera/contract';
import { TesseraError } from '../../domain/errors.js';
import type { Services } from '../../runtime.js';
import { callerAppOf, requireApp } from '../plugins/caller.js';
import { mfaTokenOf } from '../plugins/mfa-token.js';
import { requestLanguage } from '../plugins/request-language.js';
import { successEnvelope } from './envelope.js';

/** The only channel Tessera serves: a code for a pending sign-in challenge. */
const VERIFY_MFA = 'CHANNEL_VERIFY_MFA';

/**
 * POST /api/v3/send-sms and /api/v3/send-email (spec §3) with channel CHANNEL_VERIFY_MFA: sends a code for
 * the sign-in challenge named by the mfaToken (`authorization`), to the factor the user bound — never to
 * another address. Every send goes through the code dispatch (throttles, caps, delivery log).
 */
export function sendCodeRoutes(services: Services): FastifyPluginAsyncTypebox {
  const resolveApp = requireApp(services);
  return async (app) => {
    app.post('/send-sms', {
      schema: {
        operationId: 'sendSms',
        tags: ['mfa-sign-in'],
        summary: 'Text a code for a sign-in challenge (channel CHANNEL_VERIFY_MFA; authorization: the mfaToken)',
        body: SendSmsDtoSchema,
        response: { 200: EnvelopeBaseSchema },
      },
      onRequest: resolveApp,
      handler: async (request) => {
        const { channel, phoneNumber, phoneCountryCode } = request.body;
        if (channel !== VERIFY_MFA) throw new TesseraError('CHANNEL_NOT_SUPPORTED', { channel });
        await services.redemption.sendCode({
          app: callerAppOf(request),
          mfaToken: mfaTokenOf(request),
          factorType: 'SMS',
          destination: { phoneNumber, ...(phoneCountryCode ? { phoneCountryCode } : {}) },
          language: requestLanguage(request),
          clientIp: request.ip,
        });
        return successEnvelope(request);
      },
    });

    app.post('/send-email', {
      schema: {
        operationId: 'sendEmail',
        tags: ['mfa-sign-in'],
        summary: 'Mail a code for a sign-in challenge (channel CHANNEL_VERIFY_MFA; authorization: the mfaToken)',
        body: SendEmailDtoSchema,
        response: { 200: EnvelopeBaseSchema },
      },
      onRequest: resolveApp,
      handler: async (request) => {
        const { channel, email } = request.body;
        if (channel !== VERIFY_MFA) throw new TesseraError('CHANNEL_NOT_SUPPORTED', { channel });
        await services.redemption.sendCode({
          app: callerAppOf(request),
          mfaToken: mfaTokenOf(request),
          factorType: 'EMAIL',
          destination: { email },
          language: requestLanguage(request),
          clientIp: request.ip,
        });
        return successEnvelope(request);
      },
    });
  };
}
