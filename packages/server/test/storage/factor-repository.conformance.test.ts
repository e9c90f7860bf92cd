import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  insertFactor,
  insertUser,
  openSqlHarness,
  otpFactor,
  SQL_DIALECTS,
  type SqlHarness,
} from '../support/storage-implementations.js';

/**
 * FactorRepository on every dialect. The guarantee that matters is advanceTotpStep: a compare-and-set, so
 * that of several requests carrying one valid TOTP — on one instance or many — exactly one is accepted
 * (RFC 6238 §5.2, RPL-02, RPL-04).
 */
describe.each(SQL_DIALECTS)('FactorRepository on %s', (dialect) => {
  let h: SqlHarness;
  beforeAll(async () => {
    h = await openSqlHarness(dialect);
  });
  afterAll(() => h.close());

  test('advanceTotpStep moves a fresh factor to the step, once', async () => {
    const factor = await insertFactor(h.db, otpFactor(await insertUser(h.store)));
    expect(await h.store.factors.advanceTotpStep(factor.id, 59_000_000)).toBe(true);
    expect(await h.store.factors.advanceTotpStep(factor.id, 59_000_000)).toBe(false);
    expect((await h.store.factors.findForUser(factor.userId, factor.id))?.lastTotpStep).toBe(59_000_000);
  });

  test('advanceTotpStep refuses an older step and accepts a newer one (RPL-02)', async () => {
    const factor = await insertFactor(h.db, otpFactor(await insertUser(h.store), { lastTotpStep: 100 }));
    expect(await h.store.factors.advanceTotpStep(factor.id, 99)).toBe(false);
    expect(await h.store.factors.advanceTotpStep(factor.id, 100)).toBe(false);
    expect(await h.store.factors.advanceTotpStep(factor.id, 101)).toBe(true);
  });

  test('of 20 concurrent advances to one step exactly one succeeds (RPL-04)', async () => {
    const factor = await insertFactor(h.db, otpFactor(await insertUser(h.store)));
    const results = await Promise.all(Array.from({ length: 20 }, () => h.store.factors.advanceTotpStep(factor.id, 7)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  test('advanceTotpStep on an unknown factor is false', async () => {
    expect(await h.store.factors.advanceTotpStep('no-such-factor', 1)).toBe(false);
  });

  test('BIGINT columns come back as numbers, epoch milliseconds intact', async () => {
    const createdAt = Date.UTC(2286, 0, 1);
    const factor = await insertFactor(h.db, otpFactor(await insertUser(h.store), { createdAt, lastTotpStep: 2 ** 40 }));
    const found = await h.store.factors.findByType(factor.userId, 'OTP');
    expect(found).toMatchObject({ createdAt, lastTotpStep: 2 ** 40 });
    expect(typeof found?.createdAt).toBe('number');
  });

  test("another user's factor is indistinguishable from an unknown one", async () => {
    const owner = await insertUser(h.store);
    const stranger = await insertUser(h.store);
    const factor = await insertFactor(h.db, otpFactor(owner));
    expect(await h.store.factors.findForUser(stranger, factor.id)).toBeUndefined();
    expect(await h.store.factors.deleteForUser(stranger, factor.id)).toBe(false);
    expect(await h.store.factors.deleteForUser(owner, factor.id)).toBe(true);
    expect(await h.store.factors.listByUser(owner)).toEqual([]);
  });

  test('insertUnlessTypeBound writes an imported factor whole, and inside a transaction refuses a second of its type without aborting it', async () => {
    const userId = await insertUser(h.store);
    const first = otpFactor(userId);
    const outcome = await h.store.unitOfWork.run(async ({ factors }) => [
      await factors.insertUnlessTypeBound(first),
      await factors.insertUnlessTypeBound(otpFactor(userId)),
      // Still usable after the refusal: PostgreSQL would have aborted the transaction on a failed insert.
      (await factors.listByUser(userId)).length,
    ]);
    expect(outcome).toEqual([true, false, 1]);
    expect(await h.store.factors.listByUser(userId)).toEqual([first]);
  });

  test('users: findByExternalId finds by the imported id, replacePasswordHash is a compare-and-set', async () => {
    const userId = await insertUser(h.store);
    const externalId = `ext-${userId}`;
    await h.db.updateTable('users').set({ external_id: externalId }).where('id', '=', userId).execute();
    expect((await h.store.users.findByExternalId(externalId))?.id).toBe(userId);
    expect(await h.store.users.findByExternalId('ext-nobody')).toBeUndefined();
    expect(await h.store.users.replacePasswordHash(userId, 'not-a-real-hash', '$argon2id$new')).toBe(true);
    expect(await h.store.users.replacePasswordHash(userId, 'not-a-real-hash', '$argon2id$other')).toBe(false);
    expect((await h.store.users.findById(userId))?.passwordHash).toBe('$argon2id$new');
  });
});
