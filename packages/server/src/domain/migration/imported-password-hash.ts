/**
 * Password hashes another system made, kept as they are until the user's first sign-in verifies one and
 * replaces it with Tessera's argon2id (domain/accounts/account-service.ts). Only formats that can be
 * verified are accepted, and only at a cost the server can afford per sign-in: a hash is checked on the
 * sign-in path, under the argon2 concurrency cap, so an outsized one would be a denial of service.
 */

/** bcrypt `$2a$`/`$2b$`/`$2y$`, cost 4–14 (14 is about a second in pure JS; common deployments use 10–12). */
const BCRYPT = /^\$2[aby]\$(\d{2})\$[./A-Za-z0-9]{53}$/;
const MAX_BCRYPT_COST = 14;

/** Argon2 PHC string (argon2id, argon2i, argon2d), base64 salt and digest without padding. */
const ARGON2_PHC = /^\$argon2(?:id|i|d)\$v=(?:16|19)\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]{11,}\$[A-Za-z0-9+/]{22,}$/;
/** 64 MiB, 10 passes, 8 lanes: past OWASP's strongest profile; more would break the memory bound per hash. */
const MAX_ARGON2 = { memoryKiB: 65_536, passes: 10, lanes: 8 };

/** A user imported without a password cannot sign in with one: no password verifies this. */
export const NO_PASSWORD = '!';

export type ImportedPasswordHashKind = 'bcrypt' | 'argon2';

/** The kind of an importable hash, or undefined when it is not one Tessera can verify affordably. */
export function importedPasswordHashKind(hash: string): ImportedPasswordHashKind | undefined {
  const bcrypt = BCRYPT.exec(hash);
  if (bcrypt) {
    const cost = Number(bcrypt[1]);
    return cost >= 4 && cost <= MAX_BCRYPT_COST ? 'bcrypt' : undefined;
  }
  const argon2 = ARGON2_PHC.exec(hash);
  if (argon2) {
    const [memoryKiB, passes, lanes] = argon2.slice(1).map(Number) as [number, number, number];
    const affordable = memoryKiB >= 8 * lanes && memoryKiB <= MAX_ARGON2.memoryKiB && passes >= 1 && passes <= MAX_ARGON2.passes && lanes >= 1 && lanes <= MAX_ARGON2.lanes;
    return affordable ? 'argon2' : undefined;
  }
  return undefined;
}
