/** Opaque OAuth refresh tokens, kept only as hashes, grouped in rotation families. */

export interface RefreshTokenRecord {
  tokenHash: string;
  /** Every token rotated from one issuance shares it (OAuth 2.0 Security BCP §4.14.2). */
  familyId: string;
  sessionId: string;
  userId: string;
  appId: string;
  scope: string;
  createdAt: number;
  expiresAt: number;
  /** When it was exchanged for its successor; presenting it again is reuse. */
  rotatedAt: number | null;
  revokedAt: number | null;
}

export interface RefreshTokenStore {
  insert(token: RefreshTokenRecord): Promise<void>;
  /** The token of that hash in whatever state (rotated, revoked, expired), or undefined. */
  find(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  /**
   * Marks a live token (not rotated, not revoked, not expired, of this app) rotated, in one conditional
   * update: of concurrent presentations exactly one gets the record back.
   */
  claimForRotation(tokenHash: string, appId: string, now: number): Promise<RefreshTokenRecord | undefined>;
  /** Revokes every token of the family; answers how many were live. */
  revokeFamily(familyId: string, now: number): Promise<number>;
  /** Revokes every token of the session (logout, revocation of its access token). */
  revokeBySession(sessionId: string, now: number): Promise<number>;
}
