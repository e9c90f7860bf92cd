import { createHmac } from 'node:crypto';
import { TesseraError } from '../errors.js';
import { equalInConstantTime } from '../codes/constant-time.js';

/**
 * The official Node ManagementClient's request signature (spec §8, `utils/buildSignature.ts`), computed
 * the same way on the server so a signature can be checked: HMAC-SHA1 over the method, the `x-authing-*`
 * and `date` headers, and the path with the query (GET) or the top-level JSON keys (other methods).
 */

export const SIGNATURE_METHOD = 'HMAC-SHA1';
export const SIGNATURE_VERSION = '1.0';
/** Spec §8: roughly ±15 minutes; nonces are remembered for twice that (either side of now). */
export const MAX_CLOCK_SKEW_MS = 15 * 60_000;

export interface SignedRequest {
  method: string;
  /** Without the query string. */
  path: string;
  /** Lower-case names; repeated headers already joined. */
  headers: Readonly<Record<string, string | undefined>>;
  /** GET: the decoded query; other methods: the parsed JSON body. */
  params: unknown;
}

/** `authorization: authing <accessKeyId>:<signature>`, or undefined when the header is not that scheme. */
export function parseSignatureAuthorization(header: string | undefined): { accessKeyId: string; signature: string } | undefined {
  const match = /^authing ([^:\s]+):(\S+)$/.exec(header?.trim() ?? '');
  return match ? { accessKeyId: match[1]!, signature: match[2]! } : undefined;
}

/** The string the client signed (spec §8 steps 1–4). */
export function stringToSign(request: SignedRequest): string {
  const signedHeaders = Object.keys(request.headers)
    .filter((name) => (name.startsWith('x-authing-') || name === 'date') && request.headers[name] !== undefined)
    .sort();
  const headerBlock = signedHeaders.map((name) => `${name}:${request.headers[name]!.replace(/[\t\n\r\f]/g, ' ').trim()}\n`).join('');
  return `${request.method.toUpperCase()}\n${headerBlock}${canonicalResource(request.path, request.params)}`;
}

function canonicalResource(path: string, params: unknown): string {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return path;
  const entries = Object.entries(params as Record<string, unknown>);
  if (entries.length === 0) return path;
  const rendered = entries
    .map(([key]) => key)
    .sort()
    .filter((key) => (params as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${key}=${renderValue((params as Record<string, unknown>)[key])}`);
  return `${path}?${rendered.join('&')}`;
}

function renderValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function computeSignature(secret: string, request: SignedRequest): string {
  return createHmac('sha1', Buffer.from(secret, 'utf8')).update(stringToSign(request), 'utf8').digest('base64');
}

/**
 * The request's time, from `x-authing-date` (ms epoch) or `date` (RFC 1123, or a ms epoch). Throws 1304
 * when neither is present, 1303 when it does not parse, 1305 when it is too far from now.
 */
export function assertFreshTimestamp(headers: SignedRequest['headers'], now: number): number {
  const raw = headers['x-authing-date'] ?? headers.date;
  if (raw === undefined || raw.trim() === '') throw new TesseraError('SIGNATURE_DATE_MISSING');
  const text = raw.trim();
  const at = /^\d{10,16}$/.test(text) ? Number(text) : /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(at)) throw new TesseraError('SIGNATURE_TIMESTAMP_INVALID');
  if (Math.abs(at - now) > MAX_CLOCK_SKEW_MS) throw new TesseraError('SIGNATURE_CLOCK_SKEW', { maxSkewMinutes: MAX_CLOCK_SKEW_MS / 60_000 });
  return at;
}

/** 1301 / 1302: the scheme the client says it used must be the one this server checks. */
export function assertSignatureScheme(headers: SignedRequest['headers']): void {
  if (headers['x-authing-signature-method'] !== SIGNATURE_METHOD) throw new TesseraError('SIGNATURE_METHOD_UNSUPPORTED');
  if (headers['x-authing-signature-version'] !== SIGNATURE_VERSION) throw new TesseraError('SIGNATURE_VERSION_UNSUPPORTED');
}

/** 1300 unless `signature` is the HMAC of this request under `secret` (constant-time comparison). */
export function assertSignatureMatches(secret: string, request: SignedRequest, signature: string): void {
  if (!equalInConstantTime(computeSignature(secret, request), signature)) throw new TesseraError('SIGNATURE_INVALID');
}
