import { generateEncryptionKey, generateSigningKey, type Keyring } from './keyring.js';

/**
 * KEY-02: the keyring's own changes. Rotation adds keys, retirement removes them; whether a key may be
 * retired (nothing sealed with it any more) is decided by the key service against the database.
 */

export interface RotatedKeyring {
  keyring: Keyring;
  /** The new active encryption key: new secrets are sealed with it, older keys still open. */
  encryptionKeyId: string;
  /** The new first signing key: new tokens are signed with it; the JWKS publishes the old one until it is retired. */
  signingKeyId: string;
}

/**
 * Adds a new encryption key and a new signing key. Activated (the default), they seal and sign at once.
 * Staged, they only open and verify: on a cluster, stage, restart every instance, then activate and
 * restart again, so no instance ever meets a secret or token made with a key it does not hold yet.
 */
export async function rotateKeyring(keyring: Keyring, options: { activate: boolean } = { activate: true }): Promise<RotatedKeyring> {
  const encryption = generateEncryptionKey();
  if (encryption.id in keyring.encryptionKeys) throw new Error('generated an encryption key id that exists; run the rotation again');
  const signing = await generateSigningKey();
  const staged: Keyring = {
    ...keyring,
    signingKeys: [...keyring.signingKeys, signing],
    encryptionKeys: { ...keyring.encryptionKeys, [encryption.id]: encryption.key },
  };
  return {
    keyring: options.activate ? activateKey(activateKey(staged, encryption.id), signing.kid!) : staged,
    encryptionKeyId: encryption.id,
    signingKeyId: signing.kid!,
  };
}

/** Makes a key the one that seals (encryption) or signs (signing, moved first); the others stay. */
export function activateKey(keyring: Keyring, keyId: string): Keyring {
  const kind = kindOfKey(keyring, keyId);
  if (kind === undefined) throw new Error(`the keyring holds no key ${keyId}`);
  if (kind === 'encryption') return { ...keyring, activeEncryptionKeyId: keyId };
  const key = keyring.signingKeys.find((candidate) => candidate.kid === keyId)!;
  return { ...keyring, signingKeys: [key, ...keyring.signingKeys.filter((candidate) => candidate !== key)] };
}

export type KeyKind = 'encryption' | 'signing';

/** Which kind of key `keyId` names in this keyring, if any. */
export function kindOfKey(keyring: Keyring, keyId: string): KeyKind | undefined {
  if (Object.hasOwn(keyring.encryptionKeys, keyId)) return 'encryption';
  if (keyring.signingKeys.some((key) => key.kid === keyId)) return 'signing';
  return undefined;
}

/** The keyring without `keyId`; refuses the active encryption key and the signing key in use. */
export function removeKey(keyring: Keyring, keyId: string): Keyring {
  const kind = kindOfKey(keyring, keyId);
  if (kind === undefined) throw new Error(`the keyring holds no key ${keyId}`);
  if (kind === 'encryption') {
    if (keyId === keyring.activeEncryptionKeyId) throw new Error(`key ${keyId} is the active encryption key; rotate first`);
    const { [keyId]: _retired, ...encryptionKeys } = keyring.encryptionKeys;
    return { ...keyring, encryptionKeys };
  }
  if (keyring.signingKeys[0]?.kid === keyId) throw new Error(`key ${keyId} is the signing key in use; rotate first`);
  return { ...keyring, signingKeys: keyring.signingKeys.filter((key) => key.kid !== keyId) };
}
