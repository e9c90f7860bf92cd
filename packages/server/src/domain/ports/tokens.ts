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
}
