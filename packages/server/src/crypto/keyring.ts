import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = randomUUID();
  const encryptionKeyId = `k-${randomBytes(4).toString('hex')}`;
  return {
    signingKeys: [{ ...jwk, kid, alg: 'ES256', use: 'sig' }],
    encryptionKeys: { [encryptionKeyId]: randomBytes(32).toString('base64') },
    activeEncryptionKeyId: encryptionKeyId,
    codeHashKey: randomBytes(32).toString('base64'),
  };
}

/** Reads the keyring file, creating it (exclusively, mode 0600) when absent. */
export async function loadOrCreateKeyringFile(path: string): Promise<Keyring> {
  try {
    return parseKeyring(readFileSync(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const keyring = await generateKeyring();
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    // 'wx': two processes starting at once cannot both write; the loser reads the winner's file.
    writeFileSync(path, `${JSON.stringify(keyring, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    return keyring;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return parseKeyring(readFileSync(path, 'utf8'));
  }
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
