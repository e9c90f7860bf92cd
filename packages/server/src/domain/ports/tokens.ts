/** Signed access tokens: every one names a server-side session. */

export interface AccessTokenClaims {
  userId: string;
  appId: string;
  tokenId: string;
  issuedAt: number;
  expiresAt: number;
  scope: string;
  /** `sid`: the server-side session the token belongs to (a caller is accepted only while it is live). */
  sessionId: string;
  /** RFC 8176 methods at issuance, e.g. ['pwd', 'otp', 'mfa']. */
  amr: string[];
  /** 'aal1', 'aal2' or 'aal3' at issuance; the session may have been raised since. */
  acr: string;
}

export interface TokenIssuer {
  issueAccessToken(input: {
    userId: string;
    appId: string;
    scope: string;
    sessionId: string;
    amr: readonly string[];
    acr: string;
  }): Promise<{ token: string; expiresInSeconds: number }>;
  /** Returns undefined for any token that is not ours, not for this app, expired or malformed. */
  verifyAccessToken(token: string, appId: string): Promise<AccessTokenClaims | undefined>;
  /** The `aud` a JWT claims, unverified: which app to verify it for when the request names none. */
  audienceOf(token: string): string | undefined;
  /** An OIDC id token (Core §2): who signed in, when, how, in which session. */
  issueIdToken(input: IdTokenInput): Promise<string>;
  /**
   * The claims of an id_token_hint (RP-initiated logout): our signature and issuer, expiry not checked
   * (OIDC RP-Initiated Logout §2 allows an expired hint). Undefined when it is not ours.
   */
  verifyIdTokenHint(token: string): Promise<{ userId: string; appId: string; sessionId: string } | undefined>;
}

export interface IdTokenInput {
  userId: string;
  appId: string;
  sessionId: string;
  amr: readonly string[];
  acr: string;
  /** When the user authenticated (epoch ms): the session's start. */
  authTime: number;
  ttlSeconds: number;
  /** Scope-filtered user claims (profile, email, phone). */
  claims?: Record<string, unknown>;
  nonce?: string;
}
