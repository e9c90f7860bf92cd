import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

/**
 * Every key Tessera needs, in one JSON document. Instances of one deployment must share it: a single box
 * keeps it under the data dir (created on first start, mode 0600); a cluster mounts the same file on every
 * instance (TESSERA_KEYS_FILE) or passes its content in TESSERA_KEYS.
 */
export interface Keyring {
  /** ES256 private JWKs with `kid`; the first signs, all verify (rotation). */
  signingKeys: JWK[];
  /** AES-256-GCM keys by id (base64); `activeEncryptionKeyId` seals, all open. */
  encryptionKeys: Record<string, string>;
  activeEncryptionKeyId: string;
  /** HMAC-SHA256 key (base64) for hashing short codes. */
  codeHashKey: string;
}

export async function generateKeyring(): Promise<Keyring> {
  const encryption = generateEncryptionKey();
  return {
    signingKeys: [await generateSigningKey()],
    encryptionKeys: { [encryption.id]: encryption.key },
    activeEncryptionKeyId: encryption.id,
    codeHashKey: randomBytes(32).toString('base64'),
  };
}

/** A new ES256 private JWK with a random `kid`. */
export async function generateSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'ES256', use: 'sig' };
}

/** A new AES-256 key (base64) and its id (`k-` + 8 hex digits; never a dot, which the sealed form splits on). */
export function generateEncryptionKey(): { id: string; key: string } {
  return { id: `k-${randomBytes(4).toString('hex')}`, key: randomBytes(32).toString('base64') };
}

/** Reads the keyring file; undefined when there is none (the caller decides whether one may be created). */
export function readKeyringFile(path: string): Keyring | undefined {
  try {
    return parseKeyring(readFileSync(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Creates the keyring file (exclusively, mode 0600). Only for an empty database: see
 * domain/keys/keyring-check.ts (KEY-03).
 */
export async function createKeyringFile(path: string): Promise<Keyring> {
  const keyring = await generateKeyring();
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    // 'wx': two processes starting at once cannot both write; the loser reads the winner's file.
    writeFileSync(path, serializeKeyring(keyring), { flag: 'wx', mode: 0o600 });
    return keyring;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return parseKeyring(readFileSync(path, 'utf8'));
  }
}

/**
 * Replaces the keyring file atomically (KEY-02): written beside it with mode 0600, then renamed over it, so
 * a crash leaves the old file or the new one, never half of one.
 */
export function replaceKeyringFile(path: string, keyring: Keyring): void {
  parseKeyring(serializeKeyring(keyring));
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, serializeKeyring(keyring), { flag: 'wx', mode: 0o600 });
  renameSync(temporary, path);
}

export function serializeKeyring(keyring: Keyring): string {
  return `${JSON.stringify(keyring, null, 2)}\n`;
}

export function parseKeyring(text: string): Keyring {
  const value = JSON.parse(text) as Partial<Keyring>;
  const problems: string[] = [];
  if (!Array.isArray(value.signingKeys) || value.signingKeys.length === 0) problems.push('signingKeys is empty');
  if (!value.encryptionKeys || !value.activeEncryptionKeyId || !value.encryptionKeys[value.activeEncryptionKeyId]) {
    problems.push('activeEncryptionKeyId does not name a key in encryptionKeys');
  }
  for (const [id, key] of Object.entries(value.encryptionKeys ?? {})) {
    if (Buffer.from(key, 'base64').length !== 32) problems.push(`encryption key ${id} is not 32 bytes`);
  }
  if (!value.codeHashKey || Buffer.from(value.codeHashKey, 'base64').length < 32) problems.push('codeHashKey is shorter than 32 bytes');
  if (problems.length > 0) throw new Error(`invalid keyring: ${problems.join('; ')}`);
  return value as Keyring;
}
