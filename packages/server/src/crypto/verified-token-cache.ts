import type { AccessTokenClaims, Clock, TokenIssuer } from '../domain/ports.js';

/** Tokens remembered at once; the oldest are forgotten first. ~1 KB each. */
const MAX_ENTRIES = 5_000;
/** A remembered verification is redone after this, so removing a signing key takes effect within it. */
const MAX_AGE_MS = 60_000;

/**
 * Remembers successful access-token verifications for a minute. An ES256 signature check is ~100 µs of
 * CPU, a quarter of a simple authenticated request (docs/performance.md); a client presents the same
 * token on every call. Only the exact token string already verified hits the cache; expiry is re-checked
 * on every use with the injected clock; revocation is unaffected because the session is still looked up
 * per request. Failures are never remembered.
 */
export function cacheVerifiedTokens<T extends TokenIssuer>(issuer: T, clock: Clock): T {
  // Keyed by the token alone (hashing a ~700-byte key is most of a hit's cost); a hit counts only for the
  // app it was verified for.
  const verified = new Map<string, { appId: string; claims: AccessTokenClaims; at: number }>();
  return {
    ...issuer,
    async verifyAccessToken(token: string, appId: string) {
      const now = clock.now();
      const hit = verified.get(token);
      if (hit && hit.appId === appId && now - hit.at < MAX_AGE_MS && now >= hit.at && now < hit.claims.expiresAt * 1000) return hit.claims;
      const claims = await issuer.verifyAccessToken(token, appId);
      if (claims) {
        if (hit) verified.delete(token);
        else if (verified.size >= MAX_ENTRIES) verified.delete(verified.keys().next().value!);
        verified.set(token, { appId, claims: Object.freeze(claims), at: now });
      }
      return claims;
    },
  };
}
