import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { PAGE_SECURITY_HEADERS } from './security-headers.js';

/** packages/web/dist, from src/http/page or dist/http/page alike. */
export const WEB_DIST_DIR = fileURLToPath(new URL('../../../../web/dist/', import.meta.url));

/** The single page every hosted screen loads; the script routes by path. */
const INDEX_HTML = `${WEB_DIST_DIR}index.html`;

/** Serves the built page's hashed assets, cached for a year (their names change with their content). */
export async function registerPageAssets(app: FastifyInstance): Promise<void> {
  if (!existsSync(INDEX_HTML)) return;
  await app.register(fastifyStatic, {
    root: `${WEB_DIST_DIR}assets`,
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
    wildcard: true,
  });
}

/**
 * Answers with the page (never cached: it names the current assets) under its security headers, from any
 * surface that shows it (/account, /oidc/auth). Without a build it says how to make one.
 */
export function sendPage(reply: FastifyReply): FastifyReply {
  void reply.headers(PAGE_SECURITY_HEADERS);
  if (!existsSync(INDEX_HTML)) return reply.code(503).type('text/plain; charset=utf-8').send('The page is not built: run `npm run build`.\n');
  return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(readFileSync(INDEX_HTML));
}
