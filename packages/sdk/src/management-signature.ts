/**
 * The ManagementClient request signature of spec §8 (the official Node SDK's `buildSignature`), written
 * against the spec: HMAC-SHA1 over the method, the signed headers and the canonical resource. Uses the
 * platform's Web Crypto (`globalThis.crypto`, Node's own), so the SDK keeps zero runtime dependencies.
 */

/** The values the signature and the header block carry; Tessera checks them (apiCodes 1301, 1302). */
export const SIGNATURE_METHOD = 'HMAC-SHA1';
export const SIGNATURE_VERSION = '1.0';

/** A query or top-level body value, as the canonical resource renders it. */
export type SignedValue = unknown;

/** Every `x-authing-*` header and `date`, sorted, each `name:value\n` with tabs/newlines made spaces, trimmed. */
export function canonicalHeaders(headers: Readonly<Record<string, string>>): string {
  return Object.keys(headers)
    .map((name) => name.toLowerCase())
    .filter((name) => name.startsWith('x-authing-') || name === 'date')
    .sort()
    .map((name) => `${name}:${headerValue(headers, name).replace(/[\t\n\r\f]/g, ' ').trim()}\n`)
    .join('');
}

function headerValue(headers: Readonly<Record<string, string>>, lowerName: string): string {
  const key = Object.keys(headers).find((name) => name.toLowerCase() === lowerName)!;
  return headers[key]!;
}

/**
 * The path, then `?` and the sorted `key=value` pairs of the query (GET) or of the JSON body's top-level
 * keys (any other method): no URL-encoding, objects and arrays as compact JSON, `undefined` left out.
 */
export function canonicalResource(path: string, params: Readonly<Record<string, SignedValue>> | undefined): string {
  const keys = Object.keys(params ?? {}).sort();
  if (keys.length === 0) return path;
  const pairs = keys
    .filter((key) => params![key] !== undefined)
    .map((key) => {
      const value = params![key];
      return `${key}=${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`;
    });
  return `${path}?${pairs.join('&')}`;
}

/** `METHOD\n` + canonical headers + canonical resource (spec §8 step 4). */
export function stringToSign(
  method: string,
  path: string,
  headers: Readonly<Record<string, string>>,
  params: Readonly<Record<string, SignedValue>> | undefined,
): string {
  return `${method.toUpperCase()}\n${canonicalHeaders(headers)}${canonicalResource(path, params)}`;
}

/** base64(HMAC-SHA1(accessKeySecret, stringToSign)), both UTF-8. */
export async function sign(accessKeySecret: string, text: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await globalThis.crypto.subtle.importKey('raw', encoder.encode(accessKeySecret), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const signature = new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', key, encoder.encode(text)));
  let binary = '';
  for (const byte of signature) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** `authing <accessKeyId>:<signature>` (spec §8 step 6). */
export async function authorizationHeader(accessKeyId: string, accessKeySecret: string, text: string): Promise<string> {
  return `authing ${accessKeyId}:${await sign(accessKeySecret, text)}`;
}

/** A fresh 32-hex-character nonce, the shape of the official SDK's md5 one, from a CSPRNG. */
export function makeNonce(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
