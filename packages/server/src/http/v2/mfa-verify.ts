import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  MfaSignInUserDtoSchema,
  V2EnvelopeSchema,
  V2RecoveryEnvelopeSchema,
  VerifyAppEmailMfaDtoSchema,
  VerifyAppSmsMfaDtoSchema,
  VerifyTotpMfaDtoSchema,
  VerifyTotpRecoveryCodeDtoSchema,
  type MfaSignInUserDto,
} from '@tessera/contract';
import type { CompletedSignIn } from '../../domain/flows/redeem-sign-in-challenge.js';
import type { Services } from '../../runtime.js';
import { callerAppOf, requestContext, requireApp } from '../plugins/caller.js';
import { mfaTokenOf } from '../plugins/mfa-token.js';
import { toUserDto } from '../plugins/user-dto.js';
import { v2SuccessEnvelope } from './envelope.js';

const TAGS = ['mfa-sign-in'];

/**
 * The second step of a sign-in (spec §5.3): the mfaToken of the 1635/1636 answer, sent as
 * `authorization: Bearer <mfaToken>` (raw accepted), is redeemed once with a TOTP, an SMS or email code, or
 * the recovery code. V2 envelope `{code, message, data}`: data is the user with its access `token`.
 */
export function mfaVerifyRoutes(services: Services): FastifyPluginAsyncTypebox {
  const { redemption } = services;
  const resolveApp = requireApp(services);
  const security = [{ appId: [], accessToken: [] }];

  return async (app) => {
    app.post('/mfa/totp/verify', {
      schema: {
        operationId: 'verifyTotpMfa',
        tags: TAGS,
        summary: 'Finish a sign-in with the current TOTP',
        security,
        body: VerifyTotpMfaDtoSchema,
        response: { 200: V2EnvelopeSchema(MfaSignInUserDtoSchema) },
      },
      onRequest: resolveApp,
      handler: async (request) => {
        const completed = await redemption.redeem(callerAppOf(request), mfaTokenOf(request), 'OTP', { code: request.body.totp }, requestContext(request));
        return v2SuccessEnvelope(request, toSignedInUser(completed));
      },
    });

    app.post('/applications/mfa/sms/verify', {
      schema: {
        operationId: 'verifyAppSmsMfa',
        tags: TAGS,
        summary: 'Finish a sign-in with the code texted by send-sms (CHANNEL_VERIFY_MFA)',
        security,
        body: VerifyAppSmsMfaDtoSchema,
        response: { 200: V2EnvelopeSchema(MfaSignInUserDtoSchema) },
      },
      onRequest: resolveApp,
      handler: async (request) => {
        const { phone, code } = request.body;
        const answer = { code, destination: { phoneNumber: phone } };
        const completed = await redemption.redeem(callerAppOf(request), mfaTokenOf(request), 'SMS', answer, requestContext(request));
        return v2SuccessEnvelope(request, toSignedInUser(completed));
      },
    });

    app.post('/applications/mfa/email/verify', {
      schema: {
        operationId: 'verifyAppEmailMfa',
        tags: TAGS,
        summary: 'Finish a sign-in with the code mailed by send-email (CHANNEL_VERIFY_MFA); stays aal1',
        security,
        body: VerifyAppEmailMfaDtoSchema,
        response: { 200: V2EnvelopeSchema(MfaSignInUserDtoSchema) },
      },
      onRequest: resolveApp,
      handler: async (request) => {
        const { email, code } = request.body;
        const answer = { code, destination: { email } };
        const completed = await redemption.redeem(callerAppOf(request), mfaTokenOf(request), 'EMAIL', answer, requestContext(request));
        return v2SuccessEnvelope(request, toSignedInUser(completed));
      },
    });

    app.post('/mfa/totp/recovery', {
      schema: {
        operationId: 'verifyTotpRecoveryCode',
        tags: TAGS,
        summary: 'Finish a sign-in with the recovery code; answers a new one in `recoveryCode`, the old one is void',
        security,
        body: VerifyTotpRecoveryCodeDtoSchema,
        response: { 200: V2RecoveryEnvelopeSchema },
      },
      onRequest: resolveApp,
      handler: async (request) => {
        const answer = { code: request.body.recoveryCode };
        const completed = await redemption.redeem(callerAppOf(request), mfaTokenOf(request), 'RECOVERY_CODE', answer, requestContext(request));
        return { ...v2SuccessEnvelope(request, toSignedInUser(completed)), recoveryCode: completed.recoveryCode };
      },
    });
  };
}

function toSignedInUser(completed: CompletedSignIn): MfaSignInUserDto {
  const user = toUserDto(completed.user);
  return {
    ...user,
    id: user.userId,
    token: completed.accessToken,
    tokenExpiredAt: new Date(completed.expiresAt).toISOString(),
  };
}
