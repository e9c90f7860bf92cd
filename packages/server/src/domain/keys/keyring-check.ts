import type { Clock, CodeHasher } from '../ports.js';
import { KEYRING_CANARY_ID, type KeyringCanaryStore, type RotatingSecretBox, type SealedSecretStore } from '../ports/keys.js';

/**
 * KEY-03, data safety: an instance runs only with the keyring its database was sealed with. Without this
 * check a lost keys file was silently regenerated (every stored secret unreadable) and a wrong but
 * well-formed keyring gave /health 200 and a 500 on every verify. Now the instance refuses to start.
 */
export class KeyringMismatchError extends Error {
  override name = 'KeyringMismatchError';
}

/** The canary's plaintext is a MAC under the code hash key, so the canary checks that key as well. */
const CANARY_MESSAGE = 'tessera keyring canary v1';

/** Sealed secrets tried per table on a database that predates the canary. */
const UPGRADE_SAMPLE_PER_TABLE = 20;

const RESTORE_HINT = 'restore the keys file from its backup (TESSERA_KEYS_FILE, or TESSERA_KEYS)';

/**
 * KEY-03: a keyring may be generated only next to an empty database. A database with data but no keys
 * file means the file was lost or not mounted; a new keyring would make every sealed secret unreadable.
 * Only the server generates one (`mayGenerate`): a one-off command (a `tessera migrate` in a release job
 * without the keys mounted) must not bind a fresh database to a keyring nobody keeps.
 */
export async function assertKeyringMayBeGenerated(canary: KeyringCanaryStore, keysFile: string, mayGenerate = true): Promise<void> {
  if (!mayGenerate) {
    throw new KeyringMismatchError(
      `the keys file ${keysFile} is missing; only \`tessera serve\` creates one, next to an empty database. ` +
        'Start the server once, or set TESSERA_KEYS_FILE or TESSERA_KEYS to the deployment\'s keyring.',
    );
  }
  if (!(await canary.hasData())) return;
  throw new KeyringMismatchError(
    `the keys file ${keysFile} is missing, but the database already holds data sealed with a keyring; ` +
      `${RESTORE_HINT}. Tessera never generates a new keyring next to a non-empty database.`,
  );
}

/**
 * KEY-03: opens the database's canary with this keyring, writing the canary at first start. A database
 * from before the canary gets one only after a sample of its sealed secrets has opened with this keyring.
 */
export async function assertKeyringOpensDatabase(deps: {
  canary: KeyringCanaryStore;
  sealedSecrets: SealedSecretStore;
  box: RotatingSecretBox;
  codeHasher: CodeHasher;
  clock: Clock;
}): Promise<void> {
  const { box } = deps;
  let stored = await deps.canary.read();
  if (stored === undefined) {
    for (const row of await deps.sealedSecrets.sample(UPGRADE_SAMPLE_PER_TABLE)) {
      if (!tryOpen(box, row.sealed, row.associatedData)) throw mismatch(box, row.sealed, `a sealed secret in ${row.table}`);
    }
    const plaintext = Buffer.from(deps.codeHasher.hash(CANARY_MESSAGE, KEYRING_CANARY_ID));
    stored = await deps.canary.writeOnce(box.seal(plaintext, KEYRING_CANARY_ID), deps.clock.now());
  }
  const opened = tryOpen(box, stored, KEYRING_CANARY_ID);
  if (!opened) throw mismatch(box, stored, "the database's keyring canary");
  // Constant-time, as every comparison with a keyed value.
  if (!deps.codeHasher.matches(CANARY_MESSAGE, KEYRING_CANARY_ID, opened.toString())) {
    throw new KeyringMismatchError(
      `the keyring's encryption keys open the database's canary but its codeHashKey is not the one the database was created with; ${RESTORE_HINT}`,
    );
  }
}

function tryOpen(box: RotatingSecretBox, sealed: string, associatedData: string): Buffer | undefined {
  try {
    return box.open(sealed, associatedData);
  } catch {
    return undefined;
  }
}

function mismatch(box: RotatingSecretBox, sealed: string, what: string): KeyringMismatchError {
  const keyId = box.keyIdOf(sealed);
  const why =
    keyId === undefined
      ? 'it has an unknown format'
      : box.keyIds.includes(keyId)
        ? `key ${keyId} of this keyring is not the key that sealed it`
        : `it was sealed with key ${keyId}, which this keyring does not hold`;
  return new KeyringMismatchError(`this keyring cannot open ${what}: ${why}. Refusing to start; ${RESTORE_HINT}.`);
}
