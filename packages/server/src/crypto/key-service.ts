import { countKeyUsage, resealSecrets, type ResealOptions } from '../domain/keys/secret-resealing.js';
import type { RotatingSecretBox, SealedSecretStore, SealedTable } from '../domain/ports/keys.js';
import { replaceKeyringFile, serializeKeyring, type Keyring } from './keyring.js';
import { activateKey, kindOfKey, removeKey, rotateKeyring, type KeyKind } from './keyring-rotation.js';

/**
 * KEY-02: what `tessera keys …` does, as a service the CLI reaches through the runtime (it never sees the
 * store). The keyring is changed in its file, atomically; when it came from TESSERA_KEYS there is no file,
 * and the changed keyring is handed back for the operator to store wherever that variable is set from.
 * Running instances read the keyring at start: a change applies to an instance when it restarts.
 */
export interface KeyChange {
  /** The file the changed keyring was written to; undefined when the keyring came from TESSERA_KEYS. */
  keysFile?: string;
  /** The changed keyring, when there was no file to write it to (it holds secrets: print it only on request). */
  keyringJson?: string;
}

export type KeyUsage = Record<SealedTable, number>;

export function createKeyService(deps: {
  keyring: Keyring;
  /** Undefined when the keyring came from TESSERA_KEYS. */
  keysFile: string | undefined;
  box: RotatingSecretBox;
  sealedSecrets: SealedSecretStore;
}) {
  const { keyring, keysFile } = deps;

  function save(changed: Keyring): KeyChange {
    if (keysFile === undefined) return { keyringJson: serializeKeyring(changed) };
    replaceKeyringFile(keysFile, changed);
    return { keysFile };
  }

  return {
    /** The keys, which one seals and signs, and how many rows each encryption key still seals. */
    async list() {
      const encryptionKeys = [];
      for (const id of Object.keys(keyring.encryptionKeys)) {
        encryptionKeys.push({ keyId: id, active: id === keyring.activeEncryptionKeyId, rows: await countKeyUsage(deps, id) });
      }
      const signingKeys = keyring.signingKeys.map((key, index) => ({ keyId: key.kid!, active: index === 0 }));
      return { encryptionKeys, signingKeys };
    },

    /**
     * Adds a new encryption key and a new signing key, active unless `staged`; old keys keep opening and
     * verifying.
     */
    async rotate(options: { staged?: boolean } = {}): Promise<KeyChange & { encryptionKeyId: string; signingKeyId: string; active: boolean }> {
      const rotated = await rotateKeyring(keyring, { activate: !options.staged });
      return { ...save(rotated.keyring), encryptionKeyId: rotated.encryptionKeyId, signingKeyId: rotated.signingKeyId, active: !options.staged };
    },

    /** Makes a staged key the one that seals or signs. */
    async activate(keyId: string): Promise<KeyChange & { keyId: string; kind: KeyKind }> {
      return { ...save(activateKey(keyring, keyId)), keyId, kind: kindOfKey(keyring, keyId)! };
    },

    /** Re-seals every value not on the active key, in batches (resumable). */
    reseal: (options: ResealOptions) => resealSecrets(deps, options),

    usage: (keyId: string): Promise<KeyUsage> => countKeyUsage(deps, keyId),

    /**
     * Removes a key from the keyring. An encryption key is retired only when no row is sealed with it any
     * more (KEY-02): the refusal says how many rows still are.
     */
    async retire(keyId: string): Promise<KeyChange & { keyId: string; kind: KeyKind }> {
      // Refuses unknown keys, the active encryption key and the signing key in use, before any count.
      const changed = removeKey(keyring, keyId);
      const kind = kindOfKey(keyring, keyId)!;
      if (kind === 'encryption') {
        const usage = await countKeyUsage(deps, keyId);
        const rows = Object.values(usage).reduce((sum, count) => sum + count, 0);
        if (rows > 0) {
          const detail = Object.entries(usage)
            .filter(([, count]) => count > 0)
            .map(([table, count]) => `${table}: ${count}`)
            .join(', ');
          throw new KeyInUseError(`key ${keyId} still seals ${rows} row${rows === 1 ? '' : 's'} (${detail}); run \`tessera keys reseal\` first`, usage);
        }
      }
      return { ...save(changed), keyId, kind };
    },
  };
}

export class KeyInUseError extends Error {
  override name = 'KeyInUseError';
  constructor(
    message: string,
    readonly usage: KeyUsage,
  ) {
    super(message);
  }
}

export type KeyService = ReturnType<typeof createKeyService>;
