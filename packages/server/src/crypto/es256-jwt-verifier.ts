import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';

/** RFC 7515 §2: base64url without padding. Node's decoder skips stray characters; a token never has any. */
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** RFC 7518 §3.4: an ES256 signature is R || S, 32 bytes each. */
const ES256_SIGNATURE_BYTES = 64;

/**
 * The signature half of verifying one of our own access tokens: a compact JWS whose header names ES256 and
 * one of our key ids, signed by that key. Checked with node:crypto's synchronous `verify` on public keys
 * imported once — jose (WebCrypto) spends about twice the CPU per never-seen token (docs/decisions.md).
 * Returns the payload object for the caller to check its claims, or undefined.
 */
export function createEs256JwtVerifier(publicJwks: readonly JWK[]) {
  const keysById = new Map<string, KeyObject>();
  for (const jwk of publicJwks) {
    if (jwk.kid) keysById.set(jwk.kid, createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, format: 'jwk' }));
  }

  return function verifyEs256Jwt(token: string): Record<string, unknown> | undefined {
    const parts = token.split('.');
    if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) return undefined;
    const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
    const header = decodeJsonObject(encodedHeader);
    // RFC 8725 §3.1: the algorithm is pinned, so `none`, HMAC (keyed with a public key) or any other never runs.
    if (header?.alg !== 'ES256') return undefined;
    // RFC 7515 §4.1.11: no critical extension is understood here, so a token that names one is refused.
    if (header.crit !== undefined) return undefined;
    const key = typeof header.kid === 'string' ? keysById.get(header.kid) : undefined;
    if (!key) return undefined;
    const signature = Buffer.from(encodedSignature, 'base64url');
    if (signature.length !== ES256_SIGNATURE_BYTES) return undefined;
    const signingInput = Buffer.from(`${encodedHeader}.${encodedPayload}`, 'ascii');
    if (!verify('sha256', signingInput, { key, dsaEncoding: 'ieee-p1363' }, signature)) return undefined;
    return decodeJsonObject(encodedPayload);
  };
}

function decodeJsonObject(encoded: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
