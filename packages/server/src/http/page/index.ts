import type { FastifyPluginAsync } from 'fastify';
import { installErrorEnvelope } from '../plugins/error-envelope.js';
import type { HttpDeps } from '../plugins/http-deps.js';
import { V3_API_ENVELOPE } from '../v3/envelope.js';
import { pageApiRoutes } from './page-api.js';
import { installPageSecurityHeaders } from './security-headers.js';
import { registerPageAssets, sendPage } from './static-files.js';

/** The paths that load the hosted page (its script routes between sign-in and account by path). */
export const PAGE_PATHS = ['/account', '/account/'] as const;

/**
 * The hosted sign-in and account page (packages/web, built to static files): its files under a strict
 * CSP, `/` leading to it, and the few page-only JSON routes (`/page/*`, V3 envelope) for what the
 * GenAuth API has no endpoint for. Everything else the page does goes through /api/v3 and /api/v2.
 */
export function pageSurface(deps: HttpDeps): FastifyPluginAsync {
  return async (app) => {
    installPageSecurityHeaders(app);
    await registerPageAssets(app);
    for (const path of PAGE_PATHS) app.get(path, { schema: { hide: true } }, async (_request, reply) => sendPage(reply));
    app.get('/', { schema: { hide: true } }, async (request, reply) => {
      const query = request.url.indexOf('?');
      return reply.redirect(`/account${query >= 0 ? request.url.slice(query) : ''}`);
    });
    await app.register(
      async (api) => {
        installErrorEnvelope(api, V3_API_ENVELOPE, deps.isStoreUnavailable);
        await api.register(pageApiRoutes(deps.services));
      },
      { prefix: '/page' },
    );
  };
}
