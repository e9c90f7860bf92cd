/** OAuth authorization codes (RFC 6749 §4.1), kept only as hashes, each redeemable once. */

export interface AuthorizationCodeRecord {
  /** SHA-256 of the code; the code itself is never stored. */
  codeHash: string;
  appId: string;
  userId: string;
  /** The session the user signed in with: the tokens of the exchange belong to it. */
  sessionId: string;
  redirectUri: string;
  scope: string;
  nonce: string | null;
  /** RFC 7636: the S256 challenge, or null (a confidential client that sent none). */
  codeChallenge: string | null;
  createdAt: number;
  expiresAt: number;
  /** When it was exchanged; presenting it again is reuse. */
  consumedAt: number | null;
}

export interface AuthorizationCodeStore {
  insert(code: AuthorizationCodeRecord): Promise<void>;
  /**
   * Marks an unconsumed, unexpired code of this app consumed, in one conditional update: of concurrent
   * exchanges exactly one gets the record back.
   */
  consume(codeHash: string, appId: string, now: number): Promise<AuthorizationCodeRecord | undefined>;
  /** The code of that hash in whatever state, or undefined (to recognise reuse). */
  find(codeHash: string): Promise<AuthorizationCodeRecord | undefined>;
}
