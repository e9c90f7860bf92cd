import type { EnvelopeBase } from '@tessera/contract';
import type { ResolvedClientOptions } from './client-options.js';
import { TesseraRequestError } from './errors.js';

/** A query-string value; `undefined` and `null` are left out of the URL, as axios does. */
export type QueryValue = string | number | boolean | null | undefined;

/** One call to the V3 API: a path under `appHost`, its query (GET) or JSON body (POST). */
export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly body?: unknown;
  /** A form-encoded body instead of JSON, as the OAuth endpoints under `/oidc` take (RFC 6749 §4.1.3). */
  readonly form?: Readonly<Record<string, string | undefined>>;
  /**
   * The answer's shape: the V3 envelope (default), the V2 envelope `{code, message}` of the MFA
   * redemption endpoints, any JSON object (`/mfa/token/introspection` and `/oidc/*` answer unwrapped),
   * or only the HTTP status (`'status'`: RFC 7009 revocation answers an empty body).
   */
  readonly answer?: 'v3' | 'v2' | 'object' | 'status';
  /** Replaces the access token for this request, e.g. `Bearer <mfaToken>`. */
  readonly authorization?: string;
}

/**
 * Paths on which `client_secret_basic` replaces the user's token with the app's Basic credentials:
 * the official SDK's list (spec §2.1), kept whole so that sign-in methods added later inherit it.
 */
const BASIC_AUTH_PATHS: ReadonlySet<string> = new Set([
  '/oidc/token',
  '/oidc/token/revocation',
  '/oidc/token/introspection',
  '/oauth/token',
  '/oauth/token/revocation',
  '/oauth/token/introspection',
  '/api/v3/signin',
  '/api/v3/signin-by-mobile',
  '/api/v3/exchange-tokenset-with-qrcode-ticket',
]);

/**
 * The transport under {@link AuthenticationClient}: builds the URL and headers of spec §2.1, sends
 * with native fetch, and hands back the V3 envelope exactly as the server wrote it.
 */
export class HttpClient {
  /** The end user's access token; set by the client's constructor and `setAccessToken`. */
  accessToken: string | undefined;

  constructor(private readonly options: ResolvedClientOptions) {}

  /**
   * Sends one request and resolves to the parsed envelope, whatever its `statusCode`: a business
   * failure is an answer, not an exception. Throws {@link TesseraRequestError} only when no envelope
   * can be read.
   */
  async request<T>(request: HttpRequest): Promise<T> {
    const url = this.buildUrl(request);
    const failure = (code: TesseraRequestError['code'], message: string, status?: number, cause?: unknown) =>
      new TesseraRequestError(message, { code, method: request.method, url, status, cause });

    const headers = await this.buildHeaders(request);
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: request.method,
        headers,
        body: encodeBody(request),
        // A logout answers a redirect meant for a browser: report it, do not follow it.
        redirect: request.answer === 'status' ? 'manual' : 'follow',
        // One deadline for the headers and the body, like axios's `timeout`.
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (cause) {
      throw isTimeout(cause)
        ? failure('TIMEOUT', `${request.method} ${url} timed out after ${this.options.timeoutMs} ms`, undefined, cause)
        : failure('NETWORK_ERROR', `${request.method} ${url} failed: ${describe(cause)}`, undefined, cause);
    }
    try {
      text = await response.text();
    } catch (cause) {
      throw isTimeout(cause)
        ? failure('TIMEOUT', `${request.method} ${url} timed out reading the body`, response.status, cause)
        : failure('NETWORK_ERROR', `${request.method} ${url}: body lost: ${describe(cause)}`, response.status, cause);
    }

    if (request.answer === 'status') return { status: response.status } as T;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (cause) {
      const message = `${request.method} ${url} answered HTTP ${response.status} without JSON`;
      throw failure('INVALID_BODY', message, response.status, cause);
    }
    // An envelope is the server's answer even on a non-200 HTTP status (a body-size limit, a
    // framework 404): unlike axios, which throws the body away, return it for the caller to read.
    if (!hasShape(body, request.answer ?? 'v3')) {
      const message = `${request.method} ${url} answered HTTP ${response.status} without a V3 envelope`;
      throw failure('INVALID_BODY', message, response.status);
    }
    return body as T;
  }

  /** `appHost` + path, by concatenation so a path prefix in `appHost` survives (axios's `baseURL`). */
  private buildUrl({ path, query }: HttpRequest): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) params.append(name, String(value));
    }
    const search = params.toString();
    return `${this.options.appHost}${path}${search ? `?${search}` : ''}`;
  }

  /**
   * Spec §2.1: app id always; Basic on the sign-in paths under client_secret_basic; else the raw token.
   * The management client signs instead (spec §8).
   */
  protected buildHeaders({ path, body, form, authorization }: HttpRequest): Record<string, string> | Promise<Record<string, string>> {
    const { appId, appSecret, lang, tokenEndPointAuthMethod } = this.options;
    const headers: Record<string, string> = { accept: 'application/json', 'x-authing-app-id': appId };
    if (form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    else if (body !== undefined) headers['content-type'] = 'application/json';
    if (lang) headers['x-authing-lang'] = lang;

    if (authorization) {
      headers.authorization = authorization;
    } else if (tokenEndPointAuthMethod === 'client_secret_basic' && BASIC_AUTH_PATHS.has(path)) {
      headers.authorization = `Basic ${encodeBase64(`${appId}:${appSecret ?? ''}`)}`;
    } else if (this.accessToken) {
      // Raw, with no `Bearer ` prefix, exactly as the official SDK sends it.
      headers.authorization = this.accessToken;
    }
    return headers;
  }
}

/** JSON, or a form for the OAuth endpoints; `undefined` form fields are left out. */
function encodeBody({ body, form }: HttpRequest): string | undefined {
  if (form !== undefined) {
    const fields = Object.entries(form).filter((entry): entry is [string, string] => entry[1] !== undefined);
    return new URLSearchParams(fields).toString();
  }
  return body === undefined ? undefined : JSON.stringify(body);
}

/** Whether an answer has the shape the endpoint promises. */
function hasShape(body: unknown, answer: 'v3' | 'v2' | 'object'): boolean {
  if (answer === 'v3') return isEnvelope(body);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  if (answer === 'object') return true;
  const { code, message } = body as Record<string, unknown>;
  return typeof code === 'number' && typeof message === 'string';
}

/** A V3 envelope has at least a numeric `statusCode` and a string `message` (spec §1). */
function isEnvelope(body: unknown): body is EnvelopeBase {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { statusCode, message } = body as Record<string, unknown>;
  return typeof statusCode === 'number' && typeof message === 'string';
}

/** AbortSignal.timeout aborts with a DOMException named `TimeoutError`. */
function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

/** fetch hides the socket error in `cause` (e.g. ECONNREFUSED); surface it in the message. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/** UTF-8 then base64, as Node's `Buffer.from(s).toString('base64')`, without needing Buffer. */
function encodeBase64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
