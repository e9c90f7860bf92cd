import { availableParallelism } from 'node:os';
import { hash, verify, Algorithm } from '@node-rs/argon2';
import PQueue from 'p-queue';
import { TesseraError } from '../domain/errors.js';
import type { PasswordHasher } from '../domain/ports.js';

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
const ARGON2_OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * What an unknown account is checked against, so it costs one verification like a wrong password (AZ-03).
 * Only the work matters, not the verdict: the PHC string carries ARGON2_OPTIONS' parameters, a fixed salt
 * and a digest no password produces, so no hash has to be made (and no 19 MiB spent) to get it.
 */
const TIMING_EQUALISER = `$argon2id$v=19$m=${ARGON2_OPTIONS.memoryCost},t=${ARGON2_OPTIONS.timeCost},p=${ARGON2_OPTIONS.parallelism}$dGVzc2VyYS10aW1pbmc$${'A'.repeat(43)}`;

/** Every hash `hash()` makes starts so; any other (imported bcrypt or Argon2 parameters) is replaced on success. */
const CURRENT_PREFIX = `$argon2id$v=19$m=${ARGON2_OPTIONS.memoryCost},t=${ARGON2_OPTIONS.timeCost},p=${ARGON2_OPTIONS.parallelism}$`;

/** bcrypt's modular crypt prefixes ($2y$ is PHP's name for $2b$); verified with bcryptjs (docs/decisions.md). */
function isBcryptHash(storedHash: string): boolean {
  return /^\$2[aby]\$/.test(storedHash);
}

/** Loaded on the first imported bcrypt hash: a deployment that imported none never holds it in memory. */
let bcryptLibrary: Promise<typeof import('bcryptjs')> | undefined;
const bcrypt = async () => (await (bcryptLibrary ??= import('bcryptjs'))).default;

/** What a refused caller is told to wait: a queue this short drains well within a second. */
const BUSY_RETRY_AFTER_SECONDS = 1;

/** Recovery codes run before any waiting password: a sign-in burst must not starve a user's recovery. */
const RECOVERY_PRIORITY = 1;
const PASSWORD_PRIORITY = 0;

export interface Argon2Limits {
  /** Hashes computed at once (each holds 19 MiB); default one per CPU core but one, at least one. */
  concurrency?: number | undefined;
  /** Hashes of each kind that may wait for a slot; past that the call fails with SERVICE_BUSY. */
  maxQueued: number;
}

/**
 * argon2id for passwords and recovery codes, under one concurrency cap. Every hash holds 19 MiB and a core
 * for tens of milliseconds, and @node-rs/argon2 runs on libuv's shared thread pool: without a cap a burst
 * of sign-ins fills memory and the pool that file and DNS work also need. So at most `concurrency` hashes
 * run, `maxQueued` of each kind wait, and any more are refused at once with 503 SERVICE_BUSY before a byte
 * is spent: hashing memory stays bounded by concurrency × 19 MiB, a caller is never parked behind a long
 * queue, and recovery codes (an MFA verify path) go ahead of waiting passwords, with a queue of their own
 * that a sign-in burst cannot fill (threats/argon2.memory-exhaustion.test.ts measures it).
 */
export function createArgon2Hashers(limits: Argon2Limits = { maxQueued: 8 }): {
  passwords: PasswordHasher;
  recoveryCodes: PasswordHasher;
  /** Hashes running or waiting (a metric). */
  depth(): number;
} {
  // One core is left to the event loop, which serves every other request (the code checks included).
  const queue = new PQueue({ concurrency: limits.concurrency ?? Math.max(1, availableParallelism() - 1) });

  function lane(priority: number): PasswordHasher {
    function capped<T>(work: () => Promise<T>): Promise<T> {
      if (queue.pending >= queue.concurrency && queue.sizeBy({ priority }) >= limits.maxQueued) {
        const retryAfterSeconds = BUSY_RETRY_AFTER_SECONDS;
        return Promise.reject(new TesseraError('SERVICE_BUSY', { retryAfterSeconds }, { retryAfterSeconds }));
      }
      return queue.add(work, { priority });
    }
    return {
      hash: (secret) => capped(() => hash(secret, ARGON2_OPTIONS)),
      verify: (storedHash, secret) =>
        capped(async () => {
          if (isBcryptHash(storedHash)) return (await bcrypt()).compare(secret, storedHash).catch(() => false);
          if (storedHash.startsWith('$argon2')) return verify(storedHash, secret).catch(() => false);
          // No usable hash (an account imported without a password): the same work as a wrong one (AZ-03).
          await verify(TIMING_EQUALISER, secret).catch(() => false);
          return false;
        }),
      needsRehash: (storedHash) => !storedHash.startsWith(CURRENT_PREFIX),
      async burnVerification(secret) {
        await capped(() => verify(TIMING_EQUALISER, secret).catch(() => false));
      },
    };
  }

  return { passwords: lane(PASSWORD_PRIORITY), recoveryCodes: lane(RECOVERY_PRIORITY), depth: () => queue.size + queue.pending };
}

/** One lane of its own (tools and tests that need only password hashing). */
export function createArgon2Hasher(limits?: Argon2Limits): PasswordHasher {
  return createArgon2Hashers(limits).passwords;
}
