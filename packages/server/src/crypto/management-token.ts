import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import type { Clock, ManagementTokenIssuer } from '../domain/ports.js';
import { toPublicJwk } from './token-issuer.js';

/** Neither a user's access token (typ JWT, aud = an app id) nor anything else verifies as this. */
const MANAGEMENT_TOKEN_TYPE = 'tessera-management+jwt';
const MANAGEMENT_AUDIENCE = 'tessera-management';
const MAX_FILLER = 64;

/**
 * Management tokens (spec §2.4): ES256 JWTs with `scoped_userpool_id`, signed by the deployment's signing
 * key. The Python SDK decodes the payload with standard base64, so the payload segment must hold no `-`
 * or `_`: claims are plain ASCII, and a filler claim is grown until the segment is clean.
 */
export async function createManagementTokenIssuer(
  signingKeys: JWK[],
  config: { issuer: string; ttlSeconds: number },
  clock: Clock,
): Promise<ManagementTokenIssuer> {
  const [active] = signingKeys;
  if (!active?.kid) throw new Error('the first signing key needs a kid');
  const privateKey = await importJWK(active, 'ES256');
  const keySet = createLocalJWKSet({ keys: signingKeys.map(toPublicJwk) });

  return {
    async issue({ accessKeyId, userPoolId }) {
      const issuedAt = Math.floor(clock.now() / 1000);
      const jti = randomUUID().replace(/-/g, '');
      for (let filler = 0; filler <= MAX_FILLER; filler++) {
        const token = await new SignJWT({ scoped_userpool_id: userPoolId, ...(filler > 0 ? { f: 'x'.repeat(filler) } : {}) })
          .setProtectedHeader({ alg: 'ES256', kid: active.kid!, typ: MANAGEMENT_TOKEN_TYPE })
          .setSubject(accessKeyId)
          .setAudience(MANAGEMENT_AUDIENCE)
          .setIssuer(config.issuer)
          .setIssuedAt(issuedAt)
          .setExpirationTime(issuedAt + config.ttlSeconds)
          .setJti(jti)
          .sign(privateKey);
        if (!/[-_]/.test(token.split('.')[1]!)) return { token, expiresInSeconds: config.ttlSeconds };
      }
      throw new Error('no management token payload free of - and _ (spec §2.4)');
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keySet, {
          algorithms: ['ES256'],
          typ: MANAGEMENT_TOKEN_TYPE,
          issuer: config.issuer,
          audience: MANAGEMENT_AUDIENCE,
          currentDate: new Date(clock.now()),
          requiredClaims: ['sub', 'exp', 'iat', 'scoped_userpool_id'],
        });
        return { accessKeyId: payload.sub!, userPoolId: String(payload.scoped_userpool_id) };
      } catch {
        return undefined;
      }
    },
  };
}
