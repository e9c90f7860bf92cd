import type { Language } from '@tessera/contract';

/**
 * How the client proves the app's identity at the sign-in endpoint, as configured for the app
 * (spec §5.2): `client_id`/`client_secret` in the JSON body, an HTTP Basic header, or nothing.
 */
export type TokenEndPointAuthMethod = 'client_secret_post' | 'client_secret_basic' | 'none';

/**
 * Options of {@link AuthenticationClient}: the subset of the official SDK's
 * `AuthenticationClientInitOptions` that Tessera implements, under the same names.
 */
export interface AuthenticationClientInitOptions {
  /** Application id, sent as `x-authing-app-id` on every request. */
  appId: string;
  /** Application secret. Required unless `tokenEndPointAuthMethod` is `'none'`. */
  appSecret?: string;
  /**
   * Base URL of the Tessera server, e.g. `https://auth.example.com`. Without a scheme, `https://` is
   * assumed (`http://` for `localhost:<port>`); a path prefix is kept and trailing slashes are dropped.
   */
  appHost: string;
  /** The end user's access token, sent raw (no `Bearer `) as `authorization`. See `setAccessToken`. */
  accessToken?: string;
  /** Client authentication at `/api/v3/signin`. Defaults to `'client_secret_post'`. */
  tokenEndPointAuthMethod?: TokenEndPointAuthMethod;
  /**
   * Language of the server's `message`, sent as `x-authing-lang` when set. The official Node SDK
   * accepts this option but never sends it (spec §10); Tessera's SDK does.
   */
  lang?: Language;
  /** Request timeout in milliseconds, covering the whole answer. Defaults to 10 000, as the official SDK. */
  timeout?: number;
}

/** The official SDK's default: `options.timeout || 10000`, so 0 also means the default. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Options after defaults and validation; frozen, so nothing rewrites them after construction. */
export interface ResolvedClientOptions {
  readonly appId: string;
  readonly appSecret: string | undefined;
  readonly appHost: string;
  readonly tokenEndPointAuthMethod: TokenEndPointAuthMethod;
  readonly lang: Language | undefined;
  readonly timeoutMs: number;
}

/**
 * Applies the official SDK's defaults and its constructor checks (same conditions, same order), so a
 * configuration that the official client rejects is rejected here too.
 */
export function resolveClientOptions(options: AuthenticationClientInitOptions): ResolvedClientOptions {
  const tokenEndPointAuthMethod = options.tokenEndPointAuthMethod ?? 'client_secret_post';
  if (!options.appId) {
    throw new TypeError('Init AuthenticationClient failed: appId is not provided');
  }
  if (!options.appHost) {
    throw new TypeError('Init AuthenticationClient failed: appHost is not provided');
  }
  if (tokenEndPointAuthMethod !== 'none' && !options.appSecret) {
    throw new TypeError(
      'Init AuthenticationClient failed: appSecret is not provided when tokenEndPointAuthMethod is not "none"',
    );
  }
  return Object.freeze({
    appId: options.appId,
    appSecret: options.appSecret,
    appHost: canonicalizeAppHost(options.appHost),
    tokenEndPointAuthMethod,
    lang: options.lang,
    timeoutMs: options.timeout || DEFAULT_TIMEOUT_MS,
  });
}

/**
 * Mirrors the official SDK's `domainC14n`: add a scheme when missing, reject what `URL` cannot
 * parse, drop trailing slashes. Unlike the official SDK, `localhost:3000` gets `http://`, because
 * fetch cannot resolve a scheme-less URL.
 */
export function canonicalizeAppHost(appHost: string): string {
  let host = appHost;
  if (!/^https?:\/\//i.test(host)) {
    host = `${host.startsWith('localhost:') ? 'http' : 'https'}://${host}`;
  }
  try {
    new URL(host);
  } catch (cause) {
    throw new TypeError(`Invalid appHost received: ${appHost}`, { cause });
  }
  return host.replace(/\/+$/, '');
}
