import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSecretBox } from '../../src/crypto/secret-box.js';
import { resealSecrets } from '../../src/domain/keys/secret-resealing.js';
import { insertFactor, insertUser, openSqlHarness, otpFactor, SQL_DIALECTS, type SqlHarness } from '../support/storage-implementations.js';

/**
 * The SealedSecretStore port (KEY-02) on every SQL dialect: rows are matched by a literal prefix (a key id
 * with `_` or `%` is not a LIKE pattern), a swap is a compare-and-set (a row changed meanwhile keeps its
 * writer's value), and a re-seal run stopped by maxBatches resumes where it stopped.
 */
const key = () => randomBytes(32).toString('base64');

describe.each(SQL_DIALECTS)('sealed secrets on %s', (dialect) => {
  let h: SqlHarness;
  beforeAll(async () => {
    h = await openSqlHarness(dialect);
  });
  afterAll(() => h.close());

  test('counts and lists by literal prefix, and swaps only a value that is still the expected one', async () => {
    const keys = { 'k_1': key(), 'k%1': key(), kx1: key() };
    const userId = await insertUser(h.store);
    const sealedWith = (keyId: string, factorId: string) => createSecretBox(keys, keyId).seal(Buffer.from('secret'), factorId);
    const ids = ['a', 'b', 'c'].map((letter) => `${letter}-${randomBytes(4).toString('hex')}`);
    await insertFactor(h.db, otpFactor(userId, { id: ids[0], secretSealed: sealedWith('k_1', ids[0]!) }));
    await insertFactor(h.db, otpFactor(await insertUser(h.store), { id: ids[1], secretSealed: sealedWith('kx1', ids[1]!) }));
    await insertFactor(h.db, otpFactor(await insertUser(h.store), { id: ids[2], secretSealed: sealedWith('k%1', ids[2]!) }));
    const box = createSecretBox(keys, 'k_1');
    const sealed = h.store.sealedSecrets;

    expect(await sealed.countPrefixed('factors', box.sealedPrefixOf('k_1'))).toBe(1);
    expect(await sealed.countPrefixed('factors', box.sealedPrefixOf('k%1'))).toBe(1);
    expect(await sealed.countNotPrefixed('factors', box.sealedPrefixOf('k_1'))).toBe(2);
    const notActive = await sealed.listNotPrefixed('factors', box.sealedPrefixOf('k_1'), '', 10);
    expect(notActive.map((row) => row.rowId)).toEqual([ids[1], ids[2]]);
    expect(notActive[0]).toMatchObject({ table: 'factors', associatedData: ids[1] });

    const [row] = notActive;
    expect(await sealed.replace(row!, 'v1.changed-by-someone-else')).toBe(true);
    // The same swap again: the value is no longer the expected one, so nothing changes.
    expect(await sealed.replace(row!, sealedWith('k_1', ids[1]!))).toBe(false);
    expect(await sealed.countPrefixed('factors', 'v1.changed-by-someone-else')).toBe(1);
  });

  test('a re-seal run stopped after one batch resumes, and leaves unreadable rows counted, not destroyed', async () => {
    // A database of its own: the rows of the test above would count here.
    const h = await openSqlHarness(dialect);
    const keys = { old: key(), next: key() };
    const old = createSecretBox(keys, 'old');
    const box = createSecretBox(keys, 'next');
    const factorIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const factor = otpFactor(await insertUser(h.store));
      await insertFactor(h.db, { ...factor, secretSealed: old.seal(Buffer.from(`secret-${i}`), factor.id) });
      factorIds.push(factor.id);
    }
    // Moved to another row: its associated data no longer matches, so no key opens it.
    const moved = otpFactor(await insertUser(h.store));
    await insertFactor(h.db, { ...moved, secretSealed: old.seal(Buffer.from('moved'), factorIds[0]!) });
    expect(await h.store.sealedSecrets.countNotPrefixed('factors', box.sealedPrefixOf('next'))).toBe(6);

    const first = await resealSecrets({ sealedSecrets: h.store.sealedSecrets, box }, { batchSize: 2, maxBatches: 1 });
    expect(first.complete).toBe(false);
    expect(first.resealed.factors + first.unreadable.factors).toBe(2);
    const rest = await resealSecrets({ sealedSecrets: h.store.sealedSecrets, box }, { batchSize: 2 });
    expect(rest.complete).toBe(true);
    expect(first.resealed.factors + rest.resealed.factors).toBe(5);
    // Each run reads an unreadable row once (a new run starts from the top) and leaves it as it is.
    expect(rest.unreadable.factors).toBe(1);
    const rows = await h.db.selectFrom('factors').select(['id', 'secret_sealed']).where('id', 'in', factorIds).execute();
    for (const row of rows) expect(box.open(row.secret_sealed!, row.id).toString()).toMatch(/^secret-\d$/);
    expect(rows.every((row) => !box.needsReseal(row.secret_sealed!))).toBe(true);
    expect(await h.store.sealedSecrets.countPrefixed('factors', box.sealedPrefixOf('old'))).toBe(1);
    await h.close();
  });
});
