import { randomUUID } from 'node:crypto';
import { compactVerify, createLocalJWKSet, decodeJwt, importJWK, jwtVerify, SignJWT, type JWK, type JSONWebKeySet } from 'jose';
import type { Clock, TokenIssuer } from '../domain/ports.js';

export interface TokenIssuerConfig {
  issuer: string;
  accessTokenTtlSeconds: number;
}

/**
 * ES256 access tokens (sub, aud = appId, iss, iat, exp, jti). The first signing key signs; the public
 * halves of all of them form the JWKS and verify, so a key can be rotated in without cutting sessions.
 */
export async function createTokenIssuer(signingKeys: JWK[], config: TokenIssuerConfig, clock: Clock): Promise<TokenIssuer & { jwks: JSONWebKeySet }> {
  const [active] = signingKeys;
  if (!active?.kid) throw new Error('the first signing key needs a kid');
  const privateKey = await importJWK(active, 'ES256');
  const jwks: JSONWebKeySet = { keys: signingKeys.map(toPublicJwk) };
  const keySet = createLocalJWKSet(jwks);

  return {
    jwks,
    async issueAccessToken({ userId, appId, scope, sessionId, amr, acr }) {
      const issuedAt = Math.floor(clock.now() / 1000);
      // sid names the server-side session; amr (RFC 8176) and acr say how the user authenticated.
      const token = await new SignJWT({ scope, sid: sessionId, amr: [...amr], acr })
        .setProtectedHeader({ alg: 'ES256', kid: active.kid!, typ: 'JWT' })
        .setSubject(userId)
        .setAudience(appId)
        .setIssuer(config.issuer)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + config.accessTokenTtlSeconds)
        .setJti(randomUUID())
        .sign(privateKey);
      return { token, expiresInSeconds: config.accessTokenTtlSeconds };
    },
    async verifyAccessToken(token, appId) {
      try {
        const { payload } = await jwtVerify(token, keySet, {
          algorithms: ['ES256'], // never `none`, never a symmetric algorithm
          issuer: config.issuer,
          audience: appId,
          currentDate: new Date(clock.now()),
          requiredClaims: ['sub', 'exp', 'iat', 'jti', 'sid'],
        });
        return {
          userId: payload.sub!,
          appId,
          tokenId: payload.jti!,
          issuedAt: payload.iat!,
          expiresAt: payload.exp!,
          scope: typeof payload.scope === 'string' ? payload.scope : '',
          sessionId: String(payload.sid),
          amr: Array.isArray(payload.amr) ? payload.amr.map(String) : [],
          acr: typeof payload.acr === 'string' ? payload.acr : 'aal1',
        };
      } catch {
        return undefined;
      }
    },
    audienceOf(token) {
      try {
        const { aud } = decodeJwt(token);
        return typeof aud === 'string' ? aud : undefined;
      } catch {
        return undefined;
      }
    },
    async issueIdToken({ userId, appId, sessionId, amr, acr, authTime, ttlSeconds, claims, nonce }) {
      const issuedAt = Math.floor(clock.now() / 1000);
      return new SignJWT({ ...claims, sid: sessionId, amr: [...amr], acr, auth_time: Math.floor(authTime / 1000), ...(nonce ? { nonce } : {}) })
        .setProtectedHeader({ alg: 'ES256', kid: active.kid!, typ: 'JWT' })
        .setSubject(userId)
        .setAudience(appId)
        .setIssuer(config.issuer)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSeconds)
        .sign(privateKey);
    },
    async verifyIdTokenHint(token) {
      try {
        const { payload, protectedHeader } = await compactVerify(token, keySet, { algorithms: ['ES256'] });
        if (protectedHeader.alg !== 'ES256') return undefined;
        const claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
        const { iss, sub, aud, sid } = claims;
        if (iss !== config.issuer || typeof sub !== 'string' || typeof aud !== 'string' || typeof sid !== 'string') return undefined;
        return { userId: sub, appId: aud, sessionId: sid };
      } catch {
        return undefined;
      }
    },
  };
}

export function toPublicJwk({ kty, crv, x, y, kid }: JWK): JWK {
  return { kty, crv, x, y, kid, alg: 'ES256', use: 'sig' };
}
