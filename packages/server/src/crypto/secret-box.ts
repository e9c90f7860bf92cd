import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { RotatingSecretBox } from '../domain/ports/keys.js';

const ALGORITHM = 'aes-256-gcm';
const FORMAT_VERSION = 'v1';

/**
 * AES-256-GCM sealing (KEY-01). The sealed string is `v1.<keyId>.<nonce>.<ciphertext>.<tag>` (base64url),
 * so rotation can add keys: the active one seals, any known one opens (KEY-02). The associated data (the
 * factor id) binds a ciphertext to its row.
 */
export function createSecretBox(keys: Record<string, string>, activeKeyId: string): RotatingSecretBox {
  const keyBytes = new Map(Object.entries(keys).map(([id, key]) => [id, Buffer.from(key, 'base64')]));
  const active = keyBytes.get(activeKeyId);
  if (!active) throw new Error(`unknown active encryption key ${activeKeyId}`);
  // A key id is one dot-free segment of the sealed form, so `v1.<id>.` is a prefix no other key shares.
  for (const id of keyBytes.keys()) if (id.includes('.') || id === '') throw new Error(`encryption key id ${JSON.stringify(id)} is empty or contains a dot`);
  const sealedPrefixOf = (keyId: string) => `${FORMAT_VERSION}.${keyId}.`;
  const keyIdOf = (sealed: string) => {
    const [version, keyId] = sealed.split('.', 2);
    return version === FORMAT_VERSION && keyId ? keyId : undefined;
  };

  return {
    activeKeyId,
    keyIds: [...keyBytes.keys()],
    keyIdOf,
    sealedPrefixOf,
    needsReseal: (sealed) => keyIdOf(sealed) !== activeKeyId,
    seal(plaintext, associatedData) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv(ALGORITHM, active, nonce);
      cipher.setAAD(Buffer.from(associatedData));
      const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return [FORMAT_VERSION, activeKeyId, nonce, ciphertext, cipher.getAuthTag()]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    open(sealed, associatedData) {
      const [version, keyId, nonce, ciphertext, tag] = sealed.split('.');
      const key = keyId ? keyBytes.get(keyId) : undefined;
      if (version !== FORMAT_VERSION || !key || !nonce || ciphertext === undefined || !tag) {
        throw new Error('sealed secret has an unknown format or key id');
      }
      // authTagLength: a truncated tag is refused, not checked on fewer bytes.
      const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(nonce, 'base64url'), { authTagLength: 16 });
      decipher.setAAD(Buffer.from(associatedData));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
    },
  };
}
