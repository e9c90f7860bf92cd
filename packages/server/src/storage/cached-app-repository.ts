import type { AppRecord, AppRepository } from '../domain/ports.js';

/**
 * Every authenticated request resolves its `x-authing-app-id`; applications change rarely. This keeps a
 * found application for a few seconds of wall-clock time (freshness of a cache, not business time).
 * Changes made through this process drop the entry at once; changes made by another process or instance
 * (`tessera apps update`) take effect within `ttlSeconds`. Unknown ids are never cached, so a new app
 * works at once. ttlSeconds 0 turns the cache off.
 */
export function cacheAppLookups(apps: AppRepository, ttlSeconds: number, now: () => number = () => performance.now()): AppRepository {
  if (ttlSeconds <= 0) return apps;
  const ttlMs = ttlSeconds * 1000;
  const found = new Map<string, { app: AppRecord; until: number }>();
  return {
    ...apps,
    async findById(appId) {
      const hit = found.get(appId);
      if (hit && hit.until > now()) return hit.app;
      const app = await apps.findById(appId);
      if (app) found.set(appId, { app, until: now() + ttlMs });
      else found.delete(appId);
      return app;
    },
    async updateMfaSettings(appId, changes) {
      found.delete(appId);
      return apps.updateMfaSettings(appId, changes);
    },
    async updateOidcSettings(appId, changes) {
      found.delete(appId);
      return apps.updateOidcSettings(appId, changes);
    },
  };
}
