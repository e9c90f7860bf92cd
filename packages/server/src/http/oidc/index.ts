import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OAuthFailure } from '../../domain/tokens/oauth-failure.js';
import type { HttpDeps } from '../plugins/http-deps.js';
import { requestContext } from '../plugins/caller.js';
import { authorizeRoute } from './authorize.js';
import { discoveryDocument } from './discovery.js';
import { TOKEN_GRANTS, tokenResponse } from './grants.js';
import { acceptFormBodies, installOAuthErrors, noStore, paramsOf, presentedClient } from './oauth-wire.js';

const TAGS = ['oidc'];
/** Parameters of the standard endpoints: form-encoded strings, validated by the use cases. */
const FormBody = Type.Optional(Type.Unknown());

/**
 * The standard OAuth/OIDC endpoints, mounted at /oidc. They follow their RFCs, not GenAuth's envelope:
 * form-encoded requests, `{error, error_description}` failures. Each authenticates the client, then calls
 * one use case of domain/tokens.
 */
export function oidcApi(deps: HttpDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const { services } = deps;
    acceptFormBodies(app);
    installOAuthErrors(app);
    const clientOf = (request: FastifyRequest) => services.oidc.authenticateClient(presentedClient(request, paramsOf(request)));

    app.get('/.well-known/jwks.json', {
      schema: { operationId: 'jwks', tags: TAGS, summary: 'JSON Web Key Set of the token signing keys' },
      handler: async (_request, reply) => {
        void reply.header('cache-control', 'public, max-age=300');
        return services.jwks;
      },
    });

    app.get('/.well-known/openid-configuration', {
      schema: { operationId: 'openidConfiguration', tags: TAGS, summary: 'OpenID Connect discovery document' },
      handler: async (_request, reply) => {
        void reply.header('cache-control', 'public, max-age=300');
        return discoveryDocument(services.issuer, services.publicUrl);
      },
    });

    await app.register(authorizeRoute(services));

    app.post('/token', {
      // Tokens travel in these bodies: keep the route out of the info-level request log.
      logLevel: 'warn',
      schema: {
        operationId: 'oidcToken',
        tags: TAGS,
        summary: 'Token endpoint (RFC 6749): grant_type=refresh_token rotates the refresh token',
        consumes: ['application/x-www-form-urlencoded'],
        body: FormBody,
      },
      handler: async (request, reply) => {
        const params = paramsOf(request);
        const client = await services.oidc.authenticateClient(presentedClient(request, params));
        if (!params.grant_type) throw new OAuthFailure('invalid_request', 'grant_type is required');
        const grant = Object.hasOwn(TOKEN_GRANTS, params.grant_type) ? TOKEN_GRANTS[params.grant_type] : undefined;
        if (!grant) throw new OAuthFailure('unsupported_grant_type');
        const set = await grant(services, client, params, requestContext(request));
        return noStore(reply).send(tokenResponse(set));
      },
    });

    app.post('/token/revocation', {
      logLevel: 'warn',
      schema: {
        operationId: 'oidcRevoke',
        tags: TAGS,
        summary: 'Revoke an access or refresh token (RFC 7009): its session ends',
        consumes: ['application/x-www-form-urlencoded'],
        body: FormBody,
      },
      handler: async (request, reply) => {
        const client = await clientOf(request);
        await services.oidc.revoke(client, paramsOf(request).token, requestContext(request));
        return noStore(reply).code(200).send();
      },
    });

    app.post('/token/introspection', {
      logLevel: 'warn',
      schema: {
        operationId: 'oidcIntrospect',
        tags: TAGS,
        summary: 'Introspect an access or refresh token of the calling client (RFC 7662)',
        consumes: ['application/x-www-form-urlencoded'],
        body: FormBody,
      },
      handler: async (request, reply) => {
        const client = await clientOf(request);
        return noStore(reply).send(await services.oidc.introspect(client, paramsOf(request).token));
      },
    });

    const userInfo = {
      // The token may travel in the query string (the official SDK's default).
      logLevel: 'warn' as const,
      schema: {
        operationId: 'oidcUserInfo',
        tags: TAGS,
        summary: 'OIDC userinfo: claims of the token holder, filtered by the token scope',
        querystring: Type.Object({ access_token: Type.Optional(Type.String({ maxLength: 4096 })) }),
      },
      handler: async (request: FastifyRequest) => services.oidc.userInfo(bearerTokenOf(request)),
    };
    app.get('/me', userInfo);
    app.post('/me', userInfo);

    const endSession = {
      logLevel: 'warn' as const,
      schema: {
        operationId: 'oidcEndSession',
        tags: TAGS,
        summary: 'RP-initiated logout: ends the session of id_token_hint; redirects only to a registered post_logout_redirect_uri',
        querystring: Type.Object({
          id_token_hint: Type.Optional(Type.String({ maxLength: 8192 })),
          post_logout_redirect_uri: Type.Optional(Type.String({ maxLength: 2000 })),
          state: Type.Optional(Type.String({ maxLength: 512 })),
          client_id: Type.Optional(Type.String({ maxLength: 64 })),
        }),
      },
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const params = { ...(request.query as Record<string, string | undefined>), ...paramsOf(request) };
        const outcome = await services.oidc.logout(
          {
            idTokenHint: params.id_token_hint,
            clientId: params.client_id,
            postLogoutRedirectUri: params.post_logout_redirect_uri,
            state: params.state,
          },
          requestContext(request),
        );
        if (outcome.redirectTo) return noStore(reply).redirect(outcome.redirectTo, 303);
        return noStore(reply).type('text/plain; charset=utf-8').send('You are signed out.\n');
      },
    };
    app.get('/session/end', endSession);
    app.post('/session/end', endSession);
  };
}

/**
 * RFC 6750 §2: the access token from `Authorization: Bearer`, a form body or the query string. A raw
 * `authorization` header (what the official SDK sends after setAccessToken) comes last.
 */
function bearerTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization?.trim();
  const bearer = header && /^bearer\s+(.+)$/i.exec(header);
  if (bearer) return bearer[1]!.trim();
  const fromBody = paramsOf(request).access_token;
  const fromQuery = (request.query as { access_token?: string }).access_token;
  return fromBody || fromQuery || header || undefined;
}
