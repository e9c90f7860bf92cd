import { hash, verify, Algorithm } from '@node-rs/argon2';
import type { PasswordHasher } from '../domain/ports.js';

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
const ARGON2_OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** argon2id for passwords and recovery codes. */
export function createArgon2Hasher(): PasswordHasher {
  let dummyHash: Promise<string> | undefined;
  return {
    hash: (secret) => hash(secret, ARGON2_OPTIONS),
    async verify(storedHash, secret) {
      try {
        return await verify(storedHash, secret);
      } catch {
        return false;
      }
    },
    async burnVerification(secret) {
      dummyHash ??= hash('tessera-timing-equaliser', ARGON2_OPTIONS);
      await verify(await dummyHash, secret).catch(() => false);
    },
  };
}
