/**
 * Importing TOTP secrets from another system (domain/migration/import-otp.ts), the use case behind
 * `import-otp`, `create-user` with `otp` and `tessera import users`.
 */
import { randomBytes } from 'node:crypto';
import { verify as argon2Verify } from '@node-rs/argon2';
import { Secret } from 'otpauth';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cryptoRandom } from '../../src/crypto/random.js';
import { generateTotp } from '../../src/domain/factors/otp/totp.js';
import { createUserLookup } from '../../src/domain/accounts/user-id-type.js';
import { createOtpImport, MAX_OTP_IMPORT_ENTRIES, type OtpImportRefusal } from '../../src/domain/migration/import-otp.js';
import { openDomainHarness, TEST_CONTEXT, TEST_PASSWORD, type DomainHarness } from '../support/domain-harness.js';

let h: DomainHarness;
beforeAll(async () => {
  h = await openDomainHarness();
});
afterAll(() => h.close());

const options = { context: TEST_CONTEXT, actor: 'test' };

function newSecret(bytes = 20) {
  const raw = randomBytes(bytes);
  return { raw, base32: new Secret({ buffer: raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length) }).base32 };
}

async function newUser(extra: { username?: string; externalId?: string; phone?: string } = {}) {
  const email = `import-${randomBytes(4).toString('hex')}@example.com`;
  const profile = extra.phone ? { phone: extra.phone, phoneCountryCode: '+86' } : undefined;
  return h.services.accounts.createUser({ email, username: extra.username ?? null, password: TEST_PASSWORD, profile, externalId: extra.externalId });
}

describe('importing OTP secrets', () => {
  test('an imported secret verifies its authenticator code, once (RPL-01)', async () => {
    const caller = await h.signedInUser();
    const secret = newSecret();
    const report = await h.services.migration.importOtp([{ userId: caller.userId, otp: { secret: secret.base32 } }], options);
    expect(report).toMatchObject({ imported: 1, refused: 0, results: [{ index: 0, userId: caller.userId, imported: true }] });
    const code = generateTotp(secret.raw, h.clock.now());
    expect(await h.services.stepUp(caller, 'OTP', code, TEST_CONTEXT)).toEqual({ verified: true });
    expect(await h.services.stepUp(caller, 'OTP', code, TEST_CONTEXT)).toEqual({ verified: false });
  });

  test('the secret is sealed at rest, bound to its factor, and the import is audited', async () => {
    const user = await newUser();
    const secret = newSecret();
    const report = await h.services.migration.importOtp([{ userId: user.id, otp: { secret: secret.base32 } }], options);
    const factorId = report.results[0]!.imported ? report.results[0]!.factorId : '';
    const row = await h.runtime.store.factors.findForUser(user.id, factorId);
    expect(row?.secretSealed).toBeTruthy();
    expect(row!.secretSealed).not.toContain(secret.base32);
    expect(row!.secretSealed).not.toContain(secret.raw.toString('hex'));
    expect(await h.services.admin.listAudit({ userId: user.id, limit: 10 })).toContainEqual(
      expect.objectContaining({ type: 'factor.enroll', outcome: 'ok', via: 'import', factorType: 'OTP', detail: { factorId, importedBy: 'test' } }),
    );
  });

  test('an imported recovery code is kept only as an argon2 hash of its canonical form', async () => {
    const user = await newUser();
    const recoveryCode = 'ABCDEF0123456789abcdef01';
    await h.services.migration.importOtp([{ userId: user.id, otp: { secret: newSecret().base32, recoveryCode } }], options);
    const factor = await h.runtime.store.factors.findByType(user.id, 'OTP');
    expect(factor!.recoveryCodeHash).toMatch(/^\$argon2id\$/);
    expect(await argon2Verify(factor!.recoveryCodeHash!, 'abcd-ef01-2345-6789-abcd-ef01')).toBe(true);
  });

  test.each([
    ['email', (u: { email: string | null }) => u.email!.toUpperCase()],
    ['username', () => `Import-${randomBytes(3).toString('hex')}`],
    ['phone', () => `139${String(randomBytes(3).readUIntBE(0, 3) % 100_000_000).padStart(8, '0')}`],
    ['external_id', () => `ext-${randomBytes(4).toString('hex')}`],
  ] as const)('a user named by userIdType %s is found', async (userIdType, name) => {
    const seed = name({ email: 'x@example.com' });
    const user = await newUser(userIdType === 'username' ? { username: seed } : userIdType === 'phone' ? { phone: seed } : userIdType === 'external_id' ? { externalId: seed } : {});
    const userId = userIdType === 'email' ? name(user) : seed;
    const report = await h.services.migration.importOtp([{ userId, otp: { secret: newSecret().base32 } }], { ...options, userIdType });
    expect(report.results[0]).toMatchObject({ imported: true });
    expect(await h.runtime.store.factors.findByType(user.id, 'OTP')).toBeDefined();
  });

  const refusals: [string, () => Promise<{ userId: string; userIdType?: string; otp: Record<string, unknown> }>, OtpImportRefusal][] = [
    ['a secret that is not base32', async () => ({ userId: (await newUser()).id, otp: { secret: 'JBSWY3DP1EHPK3PX' } }), 'invalid-secret'],
    ['a secret under 80 bits', async () => ({ userId: (await newUser()).id, otp: { secret: newSecret(8).base32 } }), 'invalid-secret'],
    ['a missing secret', async () => ({ userId: (await newUser()).id, otp: {} }), 'invalid-secret'],
    ['SHA256 parameters', async () => ({ userId: (await newUser()).id, otp: { secret: newSecret().base32, algorithm: 'HmacSHA256' } }), 'unsupported-otp-parameters'],
    ['8 digits', async () => ({ userId: (await newUser()).id, otp: { secret: newSecret().base32, digits: 8 } }), 'unsupported-otp-parameters'],
    ['a recovery code of another shape', async () => ({ userId: (await newUser()).id, otp: { secret: newSecret().base32, recoveryCode: 'not-a-code' } }), 'invalid-recovery-code'],
    ['an unknown user', async () => ({ userId: 'ffffffffffffffffffffffff', otp: { secret: newSecret().base32 } }), 'unknown-user'],
    ['an identity userIdType', async () => ({ userId: (await newUser()).id, userIdType: 'identity', otp: { secret: newSecret().base32 } }), 'unsupported-user-id-type'],
    ['an empty user id', async () => ({ userId: '', otp: { secret: newSecret().base32 } }), 'invalid-entry'],
    [
      'a user who already has OTP',
      async () => {
        const user = await newUser();
        await h.services.migration.importOtp([{ userId: user.id, otp: { secret: newSecret().base32 } }], options);
        return { userId: user.id, otp: { secret: newSecret().base32 } };
      },
      'already-bound',
    ],
  ];
  test.each(refusals)('%s is refused alone, its neighbours imported', async (_name, makeEntry, reason) => {
    const before = await newUser();
    const after = await newUser();
    const entry = await makeEntry();
    const report = await h.services.migration.importOtp(
      [{ userId: before.id, otp: { secret: newSecret().base32 } }, entry as never, { userId: after.id, otp: { secret: newSecret().base32 } }],
      options,
    );
    expect(report.imported).toBe(2);
    expect(report.results.map((r) => (r.imported ? 'imported' : r.reason))).toEqual(['imported', reason, 'imported']);
  });

  test('one user twice in a list is bound once', async () => {
    const user = await newUser();
    const report = await h.services.migration.importOtp(
      [{ userId: user.id, otp: { secret: newSecret().base32 } }, { userId: user.id, otp: { secret: newSecret().base32 } }],
      options,
    );
    expect(report.results.map((r) => (r.imported ? 'imported' : r.reason))).toEqual(['imported', 'already-bound']);
  });

  test(`a list of more than ${MAX_OTP_IMPORT_ENTRIES} entries, or none, is refused as a whole`, async () => {
    const entry = { userId: 'x', otp: { secret: newSecret().base32 } };
    await expect(h.services.migration.importOtp(Array(MAX_OTP_IMPORT_ENTRIES + 1).fill(entry), options)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(h.services.migration.importOtp([], options)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  test('a list whose transaction fails binds nothing (nothing half-written)', async () => {
    const users = [await newUser(), await newUser()];
    const { store } = h.runtime;
    const failingImport = createOtpImport({
      clock: h.clock,
      random: cryptoRandom,
      users: createUserLookup(store.users),
      factors: store.factors,
      // The real transaction, failing after every insert of the list was made in it.
      unitOfWork: {
        run: (work) =>
          store.unitOfWork.run(async (stores) => {
            await work(stores);
            throw new Error('connection lost before commit');
          }),
      },
      secretBox: { seal: (p) => p.toString('base64'), open: (s) => Buffer.from(s, 'base64') },
      recoveryCodeHasher: { hash: async (s) => s, verify: async () => false, burnVerification: async () => {} },
      audit: { record: async () => {}, list: async () => [] },
    });
    await expect(failingImport.importOtp(users.map((u) => ({ userId: u.id, otp: { secret: newSecret().base32 } })), options)).rejects.toThrow('connection lost');
    for (const user of users) expect(await store.factors.findByType(user.id, 'OTP')).toBeUndefined();
  });

  test('create-user with otp: the secret of a new user binds; a bad one is refused with a clear error', async () => {
    const user = await newUser();
    const secret = newSecret();
    expect(h.services.migration.checkOtp({ secret: 'not base32!' })).toBe('invalid-secret');
    await expect(h.services.migration.importOtpForUser(user.id, { secret: '0000' }, options)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await h.services.migration.importOtpForUser(user.id, { secret: secret.base32 }, options)).toEqual({ factorId: expect.any(String) });
    await expect(h.services.migration.importOtpForUser(user.id, { secret: secret.base32 }, options)).rejects.toMatchObject({ code: 'FACTOR_ALREADY_BOUND' });
  });

  test.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
    [20000000000, '353130'],
  ])('TOTP-01: the RFC 6238 seed, imported, verifies its vector at %i s and refuses the code ±1', async (unixSeconds, code) => {
    const user = await newUser();
    // Base32 of ASCII "12345678901234567890", the RFC 4226/6238 SHA1 seed.
    await h.services.migration.importOtp([{ userId: user.id, otp: { secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' } }], options);
    const factor = (await h.runtime.store.factors.findByType(user.id, 'OTP'))!;
    const otp = h.services.registry.method('OTP');
    const verify = async (answer: string) => (await otp.verify({ factor, answer: { code: answer }, challenge: null, now: unixSeconds * 1000 })).outcome;
    expect(await verify(code)).toBe('ok');
    for (const neighbour of [Number(code) - 1, Number(code) + 1]) expect(await verify(String(neighbour).padStart(6, '0'))).not.toBe('ok');
  });
});
