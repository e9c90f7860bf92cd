/** Time, randomness, crypto and tokens: what the domain asks of the runtime around it. */

/** Time is passed in, never read from Date.now() in the domain, so tests move it without sleeping. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** A CSPRNG; never Math.random. */
export interface Random {
  bytes(length: number): Buffer;
  /** A uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
}

/** Authenticated encryption for secrets at rest; the sealed form carries its key id. */
export interface SecretBox {
  /** `associatedData` binds the ciphertext to its row, so a ciphertext moved to another row fails to open. */
  seal(plaintext: Buffer, associatedData: string): string;
  open(sealed: string, associatedData: string): Buffer;
}

/** Keyed hashing for short codes: a database dump alone does not reveal or brute-force them. */
export interface CodeHasher {
  hash(code: string, context: string): string;
  /** Constant-time comparison. */
  matches(code: string, context: string, expectedHash: string): boolean;
}

export interface PasswordHasher {
  hash(secret: string): Promise<string>;
  verify(hash: string, secret: string): Promise<boolean>;
  /** Spends the time of one verification, so an unknown account takes as long as a wrong password. */
  burnVerification(secret: string): Promise<void>;
}

export interface AccessTokenClaims {
  userId: string;
  appId: string;
  tokenId: string;
  issuedAt: number;
  expiresAt: number;
  scope: string;
  /** `sid`: the server-side session the token belongs to (requireUser checks it is live). */
  sessionId: string;
  /** RFC 8176 methods at issuance, e.g. ['pwd', 'otp', 'mfa']. */
  amr: string[];
  /** 'aal1' | 'aal2' at issuance; the session may have been raised since. */
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
