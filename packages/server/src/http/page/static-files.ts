import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** packages/web/dist, from src/http/page or dist/http/page alike. */
export const WEB_DIST_DIR = fileURLToPath(new URL('../../../../web/dist/', import.meta.url));

/** The single page every hosted screen loads; the script routes by path. */
const INDEX_HTML = 'index.html';

/**
 * Serves the built page: hashed assets cached for a year, index.html never cached (it names the current
 * assets). Without a build (`npm run build -w packages/web`), the page paths say so instead.
 */
export async function registerPageFiles(app: FastifyInstance, pagePaths: readonly string[]): Promise<void> {
  const built = existsSync(`${WEB_DIST_DIR}${INDEX_HTML}`);
  if (built) {
    await app.register(fastifyStatic, {
      root: `${WEB_DIST_DIR}assets`,
      prefix: '/assets/',
      immutable: true,
      maxAge: '365d',
      index: false,
      wildcard: true,
    });
  }
  for (const path of pagePaths) {
    app.get(path, { schema: { hide: true } }, async (_request, reply) => {
      if (!built) return reply.code(503).type('text/plain; charset=utf-8').send('The page is not built: run `npm run build`.\n');
      return reply.header('cache-control', 'no-store').sendFile(INDEX_HTML, WEB_DIST_DIR, { cacheControl: false });
    });
  }
}
