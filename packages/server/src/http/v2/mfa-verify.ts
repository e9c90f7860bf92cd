import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  MfaSignInUserDtoSchema,
  V2EnvelopeSchema,
  V2RecoveryEnvelopeSchema,
  VerifyAppEmailMfaDtoSchema,
  VerifyAppSmsMfaDtoSchema,
  VerifyPasskeyMfaDtoSchema,
  VerifyFaceMfaDtoSchema,
  VerifyTotpMfaDtoSchema,
  VerifyTotpRecoveryCodeDtoSchema,
  type MfaSignInUserDto,
} from '@tessera/contract';
import type { FastifyRequest } from 'fastify';
import type { Answer, MethodName } from '../../domain/factors/factor-method.js';
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

  /** One redemption: the answer for a method, then the signed-in user in the V2 envelope. */
  async function redeem(request: FastifyRequest, method: MethodName, answer: Answer) {
    const completed = await redemption.redeem(callerAppOf(request), mfaTokenOf(request), method, answer, requestContext(request));
    return { completed, envelope: v2SuccessEnvelope(request, toSignedInUser(completed)) };
  }

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
      handler: async (request) => (await redeem(request, 'OTP', { code: request.body.totp })).envelope,
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
        return (await redeem(request, 'SMS', { code, destination: { phoneNumber: phone } })).envelope;
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
        return (await redeem(request, 'EMAIL', { code, destination: { email } })).envelope;
      },
    });

    app.post('/mfa/passkey/verify', {
      schema: {
        operationId: 'verifyPasskeyMfa',
        tags: TAGS,
        summary: "Tessera's own: finish a sign-in with a passkey (the ticket of /api/v3/webauthn/mfa-verify/initialize)",
        security,
        body: VerifyPasskeyMfaDtoSchema,
        response: { 200: V2EnvelopeSchema(MfaSignInUserDtoSchema) },
      },
      onRequest: resolveApp,
      handler: async (request) => {
        const { ticket, authenticationCredential } = request.body;
        return (await redeem(request, 'PASSKEY', { code: '', webauthn: { ticket, credential: authenticationCredential } })).envelope;
      },
    });
    // The Python SDK posts the same body to /mfa/face/associate (spec §5.3): both are served.
    for (const [url, operationId] of [['/mfa/face/verify', 'verifyFaceMfa'], ['/mfa/face/associate', 'verifyFaceMfaPythonPath']] as const) {
      app.post(url, {
        schema: {
          operationId,
          tags: TAGS,
          summary: 'Finish a sign-in with a photo of the bound face; stays aal1 (docs/face.md)',
          security,
          body: VerifyFaceMfaDtoSchema,
          response: { 200: V2EnvelopeSchema(MfaSignInUserDtoSchema) },
        },
        bodyLimit: services.facePhotoBodyLimit,
        onRequest: resolveApp,
        handler: async (request) => (await redeem(request, 'FACE', { code: request.body.photo })).envelope,
      });
    }

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
        const { completed, envelope } = await redeem(request, 'RECOVERY_CODE', { code: request.body.recoveryCode });
        return { ...envelope, recoveryCode: completed.recoveryCode };
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
    ...(completed.refreshToken ? { refresh_token: completed.refreshToken } : {}),
    ...(completed.idToken ? { id_token: completed.idToken } : {}),
  };
}
