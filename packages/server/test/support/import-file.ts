import { createWriteStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { hash as argon2Hash, Algorithm } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';
import { Secret } from 'otpauth';

/**
 * A `tessera import users` file as another system would export it, for the import tests and the 100k
 * bench (bench/import.ts): every user has a TOTP secret, and cycles through the password hash kinds
 * Tessera accepts. Hashing is the slow part of making the file, so a few hashes per kind are made and
 * shared by many users (the import stores them untouched; only sign-in cost depends on them).
 */

export const HASH_KINDS = ['bcrypt-2a', 'bcrypt-2b', 'bcrypt-2y', 'argon2id-other', 'argon2i', 'none'] as const;
export type HashKind = (typeof HASH_KINDS)[number];

export interface ImportedUser {
  line: number;
  externalId: string;
  email: string;
  password: string | null;
  hashKind: HashKind;
  /** The raw TOTP secret, to compute codes. */
  secret: Buffer;
}

async function hashOf(kind: HashKind, password: string, bcryptCost: number): Promise<string | null> {
  switch (kind) {
    case 'bcrypt-2a':
      return (await bcrypt.hash(password, bcryptCost)).replace(/^\$2b\$/, '$2a$');
    case 'bcrypt-2b':
      return bcrypt.hash(password, bcryptCost);
    case 'bcrypt-2y':
      return (await bcrypt.hash(password, bcryptCost)).replace(/^\$2b\$/, '$2y$');
    case 'argon2id-other':
      return argon2Hash(password, { algorithm: Algorithm.Argon2id, memoryCost: 4096, timeCost: 3, parallelism: 1 });
    case 'argon2i':
      return argon2Hash(password, { algorithm: Algorithm.Argon2i, memoryCost: 4096, timeCost: 3, parallelism: 1 });
    case 'none':
      return null;
  }
}

/** Writes `count` users to `path`, one JSON line each; answers what a test needs to sign them in. */
export async function writeImportFile(
  path: string,
  count: number,
  options: { bcryptCost?: number; hashesPerKind?: number; prefix?: string } = {},
): Promise<ImportedUser[]> {
  const bcryptCost = options.bcryptCost ?? 4;
  const prefix = options.prefix ?? randomBytes(3).toString('hex');
  const pool = new Map<HashKind, { password: string | null; hash: string | null }[]>();
  for (const kind of HASH_KINDS) {
    const entries = [];
    for (let i = 0; i < (options.hashesPerKind ?? 4); i++) {
      const password = kind === 'none' ? null : `imported password ${kind} ${i}`;
      entries.push({ password, hash: password && (await hashOf(kind, password, bcryptCost)) });
    }
    pool.set(kind, entries);
  }
  const out = createWriteStream(path);
  const users: ImportedUser[] = [];
  for (let i = 0; i < count; i++) {
    const hashKind = HASH_KINDS[i % HASH_KINDS.length]!;
    const hashes = pool.get(hashKind)!;
    const { password, hash } = hashes[Math.floor(i / HASH_KINDS.length) % hashes.length]!;
    const secret = randomBytes(20);
    const user = { line: i + 1, externalId: `${prefix}-${i}`, email: `${prefix}-${i}@import.example.com`, password, hashKind, secret };
    users.push(user);
    const record = {
      externalId: user.externalId,
      email: user.email,
      ...(i % 3 === 0 ? { username: `imported_${prefix}_${i}` } : {}),
      ...(hash ? { passwordHash: hash } : {}),
      otp: { secret: new Secret({ buffer: secret.buffer.slice(secret.byteOffset, secret.byteOffset + secret.length) }).base32 },
    };
    if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return users;
}
