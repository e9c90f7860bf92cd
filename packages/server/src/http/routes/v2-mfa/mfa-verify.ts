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
import type { FastifyRequest } from 'fastify';
import { TesseraError } from '../../../domain/errors.js';
import type { CompletedSignIn } from '../../../domain/mfa-sign-in/mfa-redemption.js';
import type { Runtime } from '../../../runtime.js';
import { extractToken, requestContext, requireApp } from '../../plugins/caller.js';
import { v2SuccessEnvelope } from '../../v2-envelope.js';
import { toUserDto } from '../v3-authentication/accounts.js';

const TAGS = ['mfa-sign-in'];

/**
 * The second step of a sign-in (spec §5.3): the mfaToken of the 1635/1636 answer, sent as
 * `authorization: Bearer <mfaToken>` (raw accepted), is redeemed once with a TOTP, an SMS or email code, or
 * the recovery code. V2 envelope `{code, message, data}`: data is the user with its access `token`.
 */
export function mfaVerifyRoutes(runtime: Runtime): FastifyPluginAsyncTypebox {
  const { mfa } = runtime.services;
  const resolveApp = requireApp(runtime);
  const security = [{ appId: [], accessToken: [] }];

  return async (app) => {
    app.post('/api/v2/mfa/totp/verify', {
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
        const completed = await mfa.verifyTotp(request.callerApp!, mfaTokenOf(request), request.body.totp, requestContext(request));
        return v2SuccessEnvelope(request, toSignedInUser(completed, runtime.clock.now()));
      },
    });

    app.post('/api/v2/applications/mfa/sms/verify', {
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
        const completed = await mfa.verifyCode(request.callerApp!, mfaTokenOf(request), 'sms', phone, code, requestContext(request));
        return v2SuccessEnvelope(request, toSignedInUser(completed, runtime.clock.now()));
      },
    });

    app.post('/api/v2/applications/mfa/email/verify', {
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
        const completed = await mfa.verifyCode(request.callerApp!, mfaTokenOf(request), 'email', email, code, requestContext(request));
        return v2SuccessEnvelope(request, toSignedInUser(completed, runtime.clock.now()));
      },
    });

    app.post('/api/v2/mfa/totp/recovery', {
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
        const completed = await mfa.verifyRecoveryCode(request.callerApp!, mfaTokenOf(request), request.body.recoveryCode, requestContext(request));
        return { ...v2SuccessEnvelope(request, toSignedInUser(completed, runtime.clock.now())), recoveryCode: completed.recoveryCode };
      },
    });
  };
}

/** Spec §2.5: `authorization: Bearer <mfaToken>`; the raw token is accepted too. */
export function mfaTokenOf(request: FastifyRequest): string {
  const token = extractToken(request.headers.authorization);
  if (!token || token.length > 256) throw new TesseraError('MFA_TOKEN_INVALID');
  return token;
}

function toSignedInUser(completed: CompletedSignIn, now: number): MfaSignInUserDto {
  const user = toUserDto(completed.user);
  return {
    ...user,
    id: user.userId,
    token: completed.accessToken,
    tokenExpiredAt: new Date(now + completed.expiresInSeconds * 1000).toISOString(),
  };
}
