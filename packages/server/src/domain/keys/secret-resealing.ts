import { SEALED_TABLES, type RotatingSecretBox, type SealedSecretStore, type SealedTable } from '../ports/keys.js';

/**
 * KEY-02, rotation: after `keys rotate` makes a new key active, every value sealed with an older key is
 * opened and sealed again with the active one, in bounded batches. Each row is swapped by compare-and-set,
 * so a run can be stopped at any point and started again (it picks up the rows not yet on the active key),
 * and a row changed meanwhile (a factor reset, a lazy re-seal) is left as its writer left it.
 */

export interface ResealOptions {
  /** Rows read and re-sealed per batch (bounded memory and statement size). */
  batchSize: number;
  /** Stop after this many batches (the run is resumable); unset runs to the end. */
  maxBatches?: number;
  /** Called after every batch. */
  onProgress?: (progress: ResealProgress) => void;
}

export interface ResealProgress {
  table: SealedTable;
  /** Rows of this table re-sealed so far in this run. */
  resealed: number;
  /** Rows of this table that were not on the active key when the run began. */
  total: number;
}

export interface ResealReport {
  /** Rows now sealed with the active key, per table. */
  resealed: Record<SealedTable, number>;
  /** Rows no key of this keyring opens (left as they are, and counted against their key). */
  unreadable: Record<SealedTable, number>;
  /** False when maxBatches stopped the run before every row was done: run it again. */
  complete: boolean;
}

const zero = (): Record<SealedTable, number> => ({ factors: 0, pending_enrollments: 0, keyring_canary: 0, webhook_endpoints: 0, access_keys: 0 });

export async function resealSecrets(deps: { sealedSecrets: SealedSecretStore; box: RotatingSecretBox }, options: ResealOptions): Promise<ResealReport> {
  const { sealedSecrets, box } = deps;
  const activePrefix = box.sealedPrefixOf(box.activeKeyId);
  const report: ResealReport = { resealed: zero(), unreadable: zero(), complete: true };
  let batches = 0;
  for (const table of SEALED_TABLES) {
    const total = await sealedSecrets.countNotPrefixed(table, activePrefix);
    // The cursor moves past every row seen, so an unreadable row is not read again in the same run.
    let cursor = '';
    while (total > 0) {
      if (options.maxBatches !== undefined && batches >= options.maxBatches) return { ...report, complete: false };
      const rows = await sealedSecrets.listNotPrefixed(table, activePrefix, cursor, options.batchSize);
      if (rows.length === 0) break;
      for (const row of rows) {
        let plaintext: Buffer;
        try {
          plaintext = box.open(row.sealed, row.associatedData);
        } catch {
          report.unreadable[table] += 1;
          continue;
        }
        if (await sealedSecrets.replace(row, box.seal(plaintext, row.associatedData))) report.resealed[table] += 1;
        plaintext.fill(0);
      }
      cursor = rows.at(-1)!.rowId;
      batches += 1;
      options.onProgress?.({ table, resealed: report.resealed[table], total });
    }
  }
  return report;
}

/** KEY-02: how many rows of each table are still sealed with `keyId`. */
export async function countKeyUsage(deps: { sealedSecrets: SealedSecretStore; box: RotatingSecretBox }, keyId: string) {
  const usage = zero();
  for (const table of SEALED_TABLES) usage[table] = await deps.sealedSecrets.countPrefixed(table, deps.box.sealedPrefixOf(keyId));
  return usage;
}
