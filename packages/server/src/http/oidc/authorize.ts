import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AppRecord, SessionRecord } from '../../domain/ports.js';
import { redirectWith, type AuthorizationParams } from '../../domain/tokens/authorization-code-flow.js';
import type { Services } from '../../runtime.js';
import { sessionCookieOf } from '../plugins/cookie-session.js';
import { sendPage } from '../page/static-files.js';
import { noStore } from './oauth-wire.js';

const Param = Type.Optional(Type.String({ maxLength: 2000 }));

/**
 * GET /oidc/auth — the authorization endpoint (RFC 6749 §4.1.1, OIDC Core §3.1.2). With a live page
 * session of the client's app (the hosted page's cookie, sent on this top-level navigation by
 * SameSite=Lax) it redirects at once with a code; otherwise it shows the hosted sign-in, whose script
 * loads this URL again once signed in (with the app's MFA step, or binding a first factor under 1636).
 */
export function authorizeRoute(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/auth', {
      schema: {
        operationId: 'oidcAuthorize',
        tags: ['oidc'],
        summary: 'Authorization endpoint: the hosted sign-in, then a redirect with a single-use 60 s code (PKCE S256; required for public clients)',
        querystring: Type.Object({
          response_type: Param,
          client_id: Param,
          redirect_uri: Param,
          scope: Param,
          state: Param,
          nonce: Param,
          code_challenge: Param,
          code_challenge_method: Param,
          prompt: Param,
          response_mode: Param,
        }),
      },
      handler: async (request, reply) => {
        const verdict = await services.oidc.authorization.validate(request.query as AuthorizationParams);
        noStore(reply);
        if (verdict.kind === 'refused') {
          // RFC 6749 §4.1.2.1: never redirect to an unverified URI; tell the person instead.
          return reply.code(400).type('text/plain; charset=utf-8').send(`${verdict.error}: ${verdict.description}\n`);
        }
        if (verdict.kind === 'redirect-error') {
          return reply.redirect(redirectWith(verdict.redirectUri, { error: verdict.error, error_description: verdict.description, state: verdict.state, iss: services.issuer }));
        }
        const { request: authorization } = verdict;
        const session = authorization.prompt === 'login' ? undefined : await pageSessionOf(services, request, authorization.app);
        if (session) return reply.redirect(await services.oidc.authorization.issueCode(authorization, session, services.issuer));
        if (authorization.prompt === 'none') {
          return reply.redirect(redirectWith(authorization.redirectUri, { error: 'login_required', state: authorization.state, iss: services.issuer }));
        }
        return sendPage(reply);
      },
    });
  };
}

/** The live session of the page's cookie when it belongs to this app (a full sign-in, not an mfaToken). */
async function pageSessionOf(services: Services, request: FastifyRequest, app: AppRecord): Promise<SessionRecord | undefined> {
  const token = sessionCookieOf(request);
  if (!token) return undefined;
  try {
    return (await services.callers.authenticate(app, token)).session ?? undefined;
  } catch {
    return undefined;
  }
}

