import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EnvelopeSchema, LoginTokenResponseDataDtoSchema, SignInDtoSchema, SignUpDtoSchema, UserDtoSchema } from '@tessera/contract';
import type { Services } from '../../runtime.js';
import { callerAppOf, requestContext, requireApp } from '../plugins/caller.js';
import { isPageRequest } from '../plugins/cookie-session.js';
import { toUserDto } from '../plugins/user-dto.js';
import { sendV3Status, successEnvelope } from './envelope.js';

/** POST /api/v3/signup and /api/v3/signin with connection PASSWORD (spec §5.1, §5.2). */
export function accountRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/signup', {
      schema: {
        operationId: 'signUp',
        tags: ['accounts'],
        summary: 'Register a user with email or username and password',
        body: SignUpDtoSchema,
        response: { 200: EnvelopeSchema(UserDtoSchema) },
      },
      onRequest: requireApp(services),
      handler: async (request) => successEnvelope(request, toUserDto(await services.accounts.signUp(request.body, request.ip))),
    });

    app.post('/signin', {
      schema: {
        operationId: 'signInByCredentials',
        tags: ['accounts'],
        summary: 'Sign in with a password and obtain an access token',
        description:
          'When the app asks for a second factor the answer is statusCode 499 with apiCode 1635 (verify a bound ' +
          'factor) or 1636 (bind one first) and data = MfaRequiredDataDto (mfaToken, masked phone/email); see ' +
          'docs/mfa-sign-in.md.',
        body: SignInDtoSchema,
        response: { 200: EnvelopeSchema(LoginTokenResponseDataDtoSchema) },
      },
      onRequest: requireApp(services),
      handler: async (request, reply) => {
        const client = { ...clientCredentials(request.headers.authorization, request.body), hostedPage: isPageRequest(request) };
        const result = await services.signIn(callerAppOf(request), request.body, client, requestContext(request));
        // Spec §0: statusCode 499 with apiCode 1635 (verify) or 1636 (bind first) and the mfaToken; no token.
        if (result.kind === 'mfa-required') {
          return sendV3Status(request, reply, result.challenge === 'verify' ? 'MFA_REQUIRED' : 'MFA_ENROLLMENT_REQUIRED', result.data);
        }
        return successEnvelope(request, {
          scope: result.scope,
          access_token: result.accessToken,
          ...(result.idToken ? { id_token: result.idToken } : {}),
          ...(result.refreshToken ? { refresh_token: result.refreshToken } : {}),
          token_type: 'bearer',
          expire_in: result.expiresInSeconds,
        });
      },
    });
  };
}

/** Client credentials from the body (client_secret_post) or an HTTP Basic header (client_secret_basic). */
function clientCredentials(authorization: string | undefined, body: { client_id?: string | null; client_secret?: string | null }) {
  const basic = authorization && /^basic\s+(.+)$/i.exec(authorization.trim());
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
    return { clientId: decoded, clientSecret: '' };
  }
  return { clientId: body.client_id, clientSecret: body.client_secret };
}
