/**
 * Imported password hashes (bcrypt, Argon2 of other parameters) are replaced by Tessera's argon2id at the
 * first right password (domain/accounts/account-service.ts) — and a busy hasher never fails that sign-in.
 */
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAccountService } from '../../src/domain/accounts/account-service.js';
import { TesseraError } from '../../src/domain/errors.js';
import type { AppRecord, PasswordHasher } from '../../src/domain/ports.js';
import { createArgon2Hasher } from '../../src/crypto/password-hasher.js';
import { cryptoRandom } from '../../src/crypto/random.js';
import { openDomainHarness, TEST_CONTEXT, type DomainHarness } from '../support/domain-harness.js';

let h: DomainHarness;
beforeAll(async () => {
  h = await openDomainHarness();
});
afterAll(() => h.close());

const PASSWORD = 'an imported passphrase';
const app = { id: 'app', tokenEndpointAuthMethod: 'none' } as AppRecord;

async function importedUser(email: string) {
  const hash = (await bcrypt.hash(PASSWORD, 4)).replace(/^\$2b\$/, '$2y$');
  const outcome = await h.services.migration.importUser({ email, passwordHash: hash }, { context: TEST_CONTEXT });
  return { userId: (outcome as { userId: string }).userId, hash };
}

function accountsWith(passwords: PasswordHasher) {
  return createAccountService({
    clock: h.clock,
    random: cryptoRandom,
    users: h.runtime.store.users,
    passwords,
    attempts: { throttle: <T>(_attempt: unknown, evaluate: () => Promise<T>) => evaluate() },
    signUps: { admit: async () => {} },
  });
}
const signIn = (accounts: ReturnType<typeof accountsWith>, email: string, password = PASSWORD) =>
  accounts.authenticatePassword(app, { connection: 'PASSWORD', passwordPayload: { email, password } }, {}, '203.0.113.7');

describe('imported password hashes', () => {
  test('a $2y$ bcrypt hash signs in and becomes Tessera argon2id; a wrong password changes nothing', async () => {
    const { userId, hash } = await importedUser('upgrade@import.example.com');
    const accounts = accountsWith(createArgon2Hasher());
    await expect(signIn(accounts, 'upgrade@import.example.com', 'wrong password')).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
    expect((await h.runtime.store.users.findById(userId))?.passwordHash).toBe(hash);
    await signIn(accounts, 'upgrade@import.example.com');
    expect((await h.runtime.store.users.findById(userId))?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(signIn(accounts, 'upgrade@import.example.com')).resolves.toMatchObject({ user: { id: userId } });
  });

  test('a right password signs in even when the hasher is too busy to upgrade it; the next sign-in does', async () => {
    const { userId, hash } = await importedUser('busy@import.example.com');
    const real = createArgon2Hasher();
    const busy: PasswordHasher = { ...real, hash: () => Promise.reject(new TesseraError('SERVICE_BUSY', { retryAfterSeconds: 1 })) };
    await expect(signIn(accountsWith(busy), 'busy@import.example.com')).resolves.toMatchObject({ user: { id: userId } });
    expect((await h.runtime.store.users.findById(userId))?.passwordHash).toBe(hash);
  });
});
