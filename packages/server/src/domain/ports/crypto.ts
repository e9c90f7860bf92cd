/** Sealing secrets and hashing codes and passwords: what the domain asks of the crypto edge. */

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
  /** Also verifies what an import brought (bcrypt, Argon2 PHC of other parameters); false for an unusable hash. */
  verify(hash: string, secret: string): Promise<boolean>;
  /** True when `hash` is not what `hash()` makes today (an imported bcrypt or Argon2 hash): rehash on success. */
  needsRehash?(hash: string): boolean;
  /** Spends the time of one verification, so an unknown account takes as long as a wrong password. */
  burnVerification(secret: string): Promise<void>;
}
