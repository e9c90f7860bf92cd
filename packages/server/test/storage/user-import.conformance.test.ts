import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateKeyring } from '../../src/crypto/keyring.js';
import { createArgon2Hasher } from '../../src/crypto/password-hasher.js';
import { cryptoRandom } from '../../src/crypto/random.js';
import { createSecretBox } from '../../src/crypto/secret-box.js';
import { createAuditTrail } from '../../src/domain/audit/audit-trail.js';
import { createMigrationService, type MigrationService } from '../../src/domain/migration/migration-service.js';
import { openSqlHarness, SQL_DIALECTS, type SqlHarness } from '../support/storage-implementations.js';

/**
 * `tessera import users` on every dialect: each user and its OTP written in one transaction, re-runs skip,
 * and two imports racing for one email end as one user and one refusal — on PostgreSQL the losing insert
 * aborts its transaction, which must come back as `identifier-taken`, never as an error.
 */
describe.each(SQL_DIALECTS)('user import on %s', (dialect) => {
  let h: SqlHarness;
  let migration: MigrationService;
  const context = { appId: null, ip: null, userAgent: 'test' };
  const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

  beforeAll(async () => {
    h = await openSqlHarness(dialect);
    const keyring = await generateKeyring();
    const clock = { now: () => Date.now() };
    migration = createMigrationService({
      clock,
      random: cryptoRandom,
      users: h.store.users,
      factors: h.store.factors,
      unitOfWork: h.store.unitOfWork,
      secretBox: createSecretBox(keyring.encryptionKeys, keyring.activeEncryptionKeyId),
      recoveryCodeHasher: createArgon2Hasher(),
      audit: createAuditTrail({ clock, random: cryptoRandom, log: h.store.audit }),
    });
  });
  afterAll(() => h.close());

  test('a user and its OTP are created together; a re-run skips them', async () => {
    const record = { externalId: `ext-${dialect}-1`, email: `one-${dialect}@import.example.com`, otp: { secret: SECRET } };
    const created = await migration.importUser(record, { context });
    expect(created).toMatchObject({ outcome: 'created' });
    const userId = (created as { userId: string }).userId;
    expect(await h.store.factors.findByType(userId, 'OTP')).toMatchObject({ userId, type: 'OTP' });
    expect(await migration.importUser(record, { context })).toEqual({ outcome: 'skipped', userId });
  });

  test('a user found without its OTP gets only the OTP', async () => {
    const record = { externalId: `ext-${dialect}-2`, email: `two-${dialect}@import.example.com` };
    const { userId } = (await migration.importUser(record, { context })) as { userId: string };
    expect(await migration.importUser({ ...record, otp: { secret: SECRET } }, { context })).toEqual({ outcome: 'otp-added', userId });
  });

  test('two imports racing for one email: one user, one identifier-taken, no error', async () => {
    const email = `race-${dialect}@import.example.com`;
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, i) => migration.importUser({ externalId: `race-${dialect}-${i}`, email, otp: { secret: SECRET } }, { context })),
    );
    expect(outcomes.filter((o) => o.outcome === 'created')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === 'refused')).toEqual(Array(5).fill({ outcome: 'refused', reason: 'identifier-taken' }));
  });
});
