import type { ResolvedClientOptions } from './client-options.js';
import type { HttpClient } from './http-client.js';

/** A token endpoint answer (RFC 6749 §5.1; OIDC Core §12.2 adds `id_token`). */
export interface TokenSet {
  access_token: string;
  token_type: string;
  expires_in: number;
  /** The rotated refresh token: the one just used is spent (reusing it ends the whole session). */
  refresh_token?: string;
  id_token?: string;
  scope?: string;
}

/** An RFC 6749 §5.2 error: `invalid_grant` for a refresh token that is unknown, expired, revoked or spent. */
export interface OAuthError {
  error: string;
  error_description?: string;
}

/** The answer of {@link TokenLifecycle.refresh}: new tokens, or the standard error. */
export type RefreshResult = ({ readonly kind: 'tokens' } & TokenSet) | ({ readonly kind: 'failed' } & OAuthError);

/** What {@link TokenLifecycle.logout} and `buildLogoutUrl` take (OIDC RP-Initiated Logout 1.0 §2). */
export interface LogoutParams {
  /** The sign-in's `id_token`: names the session to end. */
  idToken?: string;
  /** Where the browser goes afterwards; must be one of the app's registered `postLogoutRedirectUris`. */
  redirectUri?: string;
  state?: string;
}

/**
 * The signed-in part of a session under `/oidc`, with the standard shapes: refresh (RFC 6749 §6), revoke
 * (RFC 7009) and logout (OIDC RP-Initiated Logout). The app authenticates as its `tokenEndPointAuthMethod`
 * says: `client_secret_post` in the form, `client_secret_basic` in a Basic header, `none` with its id only.
 */
export class TokenLifecycle {
  constructor(
    private readonly http: HttpClient,
    private readonly options: ResolvedClientOptions,
  ) {}

  /** `POST /oidc/token` with `grant_type=refresh_token`. */
  async refresh(refreshToken: string): Promise<RefreshResult> {
    const form = { grant_type: 'refresh_token', refresh_token: refreshToken, ...this.clientAuthFields() };
    const answer = await this.http.request<TokenSet | OAuthError>({ method: 'POST', path: '/oidc/token', form, answer: 'object' });
    return 'access_token' in answer && typeof answer.access_token === 'string'
      ? { ...answer, kind: 'tokens' }
      : { error: 'invalid_response', ...answer, kind: 'failed' } as RefreshResult;
  }

  /**
   * `POST /oidc/token/revocation`: revokes an access or a refresh token (revoking a refresh token ends its
   * session). Resolves to `true` when the server answered 200, which RFC 7009 also answers for a token it
   * does not know.
   */
  async revoke(token: string): Promise<boolean> {
    const form = { token, ...this.clientAuthFields() };
    const { status } = await this.http.request<{ status: number }>({ method: 'POST', path: '/oidc/token/revocation', form, answer: 'status' });
    return status === 200;
  }

  /** The address of `GET /oidc/session/end` for a browser to visit, as the official SDK's `buildLogoutUrl`. */
  buildLogoutUrl({ idToken, redirectUri, state }: LogoutParams = {}): string {
    const params = new URLSearchParams();
    if (idToken) params.set('id_token_hint', idToken);
    if (redirectUri) params.set('post_logout_redirect_uri', redirectUri);
    if (redirectUri && state) params.set('state', state);
    params.set('client_id', this.options.appId);
    return `${this.options.appHost}/oidc/session/end?${params.toString()}`;
  }

  /**
   * Ends the session from code: requests the logout address (with the client's access token, if set) and
   * does not follow its redirect. Resolves to `true` when the server answered 2xx or a redirect.
   */
  async logout(params: LogoutParams = {}): Promise<boolean> {
    const url = new URL(this.buildLogoutUrl(params));
    const query = Object.fromEntries(url.searchParams);
    const { status } = await this.http.request<{ status: number }>({ method: 'GET', path: '/oidc/session/end', query, answer: 'status' });
    return status >= 200 && status < 400;
  }

  /** RFC 6749 §2.3.1: in the form for `client_secret_post`, the id alone for `none`, nothing for Basic. */
  private clientAuthFields(): Record<string, string | undefined> {
    const { appId, appSecret, tokenEndPointAuthMethod } = this.options;
    if (tokenEndPointAuthMethod === 'client_secret_post') return { client_id: appId, client_secret: appSecret };
    if (tokenEndPointAuthMethod === 'none') return { client_id: appId };
    return {};
  }
}
