import { TesseraError } from '../errors.js';
import type { OidcClientSettings, TokenEndpointAuthMethod } from '../ports.js';

export const TOKEN_ENDPOINT_AUTH_METHODS: readonly TokenEndpointAuthMethod[] = ['client_secret_post', 'client_secret_basic', 'none'];

/** An app made without OIDC settings: no redirect target, 30-day refresh tokens, one-hour id tokens. */
export const DEFAULT_OIDC_CLIENT_SETTINGS = {
  redirectUris: [] as string[],
  postLogoutRedirectUris: [] as string[],
  refreshTokenTtlSeconds: 30 * 86_400,
  idTokenTtlSeconds: 3600,
};

const TTL_BOUNDS = {
  refreshTokenTtlSeconds: { min: 60, max: 365 * 86_400 },
  idTokenTtlSeconds: { min: 60, max: 86_400 },
} as const;

/**
 * Checks OIDC client settings and answers them cleaned. A redirect URI is an absolute URI without a
 * fragment (OIDC Core §3.1.2.1), compared later exactly as registered: no wildcard, no prefix match.
 */
export function assertOidcClientSettings(settings: OidcClientSettings): OidcClientSettings {
  const out: OidcClientSettings = {};
  if (settings.redirectUris) out.redirectUris = uniqueUris('redirect URI', settings.redirectUris);
  if (settings.postLogoutRedirectUris) out.postLogoutRedirectUris = uniqueUris('post-logout redirect URI', settings.postLogoutRedirectUris);
  if (settings.tokenEndpointAuthMethod !== undefined) {
    if (!TOKEN_ENDPOINT_AUTH_METHODS.includes(settings.tokenEndpointAuthMethod)) {
      throw invalid(`token endpoint auth method must be one of ${TOKEN_ENDPOINT_AUTH_METHODS.join(', ')}`);
    }
    out.tokenEndpointAuthMethod = settings.tokenEndpointAuthMethod;
  }
  for (const key of ['refreshTokenTtlSeconds', 'idTokenTtlSeconds'] as const) {
    const value = settings[key];
    if (value === undefined) continue;
    const { min, max } = TTL_BOUNDS[key];
    if (!Number.isInteger(value) || value < min || value > max) throw invalid(`${key} must be an integer from ${min} to ${max}`);
    out[key] = value;
  }
  return out;
}

function uniqueUris(what: string, uris: readonly string[]): string[] {
  if (uris.length > 20) throw invalid(`at most 20 ${what}s`);
  for (const uri of uris) {
    let parsed: URL;
    try {
      parsed = new URL(uri);
    } catch {
      throw invalid(`${what} is not an absolute URI: ${uri.slice(0, 100)}`);
    }
    if (uri.length > 2000 || parsed.hash || /^(javascript|data|file|vbscript):$/i.test(parsed.protocol)) {
      throw invalid(`${what} is not allowed: ${uri.slice(0, 100)}`);
    }
  }
  return [...new Set(uris)];
}

function invalid(detail: string): TesseraError {
  return new TesseraError('VALIDATION_FAILED', { detail });
}
