/**
 * KEY-02, rotation without a big bang: after `tessera keys rotate`, a TOTP secret still sealed with the old
 * key is re-sealed with the active key the next time its code is accepted, so `keys reseal` has less left
 * to do and the old key can be retired sooner. A wrong code re-seals nothing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { generateEncryptionKey, generateKeyring } from '../../src/crypto/keyring.js';
import { createSecretBox } from '../../src/crypto/secret-box.js';
import { generateTotp } from '../../src/domain/factors/otp/totp.js';
import { secretOfUri } from '../support/factors.js';
import { openDomainHarness, TEST_CONTEXT, type DomainHarness } from '../support/domain-harness.js';
import { ManualClock } from '../support/manual-clock.js';

const open: DomainHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((harness) => harness.close()));
});

test('a code accepted after a rotation moves its secret to the active key; a wrong one does not', async () => {
  const sqliteFile = join(mkdtempSync(join(tmpdir(), 'tessera-reseal-')), 'tessera.db');
  const clock = new ManualClock();
  const oldKeyring = await generateKeyring();
  const before = await openDomainHarness({}, { sqliteFile, keyring: oldKeyring, clock });
  open.push(before);
  const user = await before.signedInUser();
  const started = await before.services.binding.start({ caller: user, factorType: 'OTP', profile: {}, language: 'en-US', context: TEST_CONTEXT });
  const secret = secretOfUri(started.otp!.otpauthUri);
  const factor = await before.services.binding.confirm({
    caller: user,
    factorType: 'OTP',
    enrollmentToken: started.enrollmentToken,
    passCode: generateTotp(secret, clock.now()),
    context: TEST_CONTEXT,
  });
  await before.close();
  open.pop();

  // `tessera keys rotate`: a new active encryption key beside the old one.
  const next = generateEncryptionKey();
  const rotated = { ...oldKeyring, encryptionKeys: { ...oldKeyring.encryptionKeys, [next.id]: next.key }, activeEncryptionKeyId: next.id };
  const after = await openDomainHarness({}, { sqliteFile, keyring: rotated, clock });
  open.push(after);
  const box = createSecretBox(rotated.encryptionKeys, rotated.activeEncryptionKeyId);
  const keyOfStoredSecret = async () => box.keyIdOf((await after.runtime.store.factors.findForUser(user.userId, factor.id))!.secretSealed!);
  const caller = await after.services.callers.authenticate(after.app, user.accessToken);

  clock.advanceSeconds(30);
  expect(await after.services.stepUp(caller, 'OTP', '000000' === generateTotp(secret, clock.now()) ? '111111' : '000000', TEST_CONTEXT)).toEqual({ verified: false });
  expect(await keyOfStoredSecret()).toBe(oldKeyring.activeEncryptionKeyId);

  expect(await after.services.stepUp(caller, 'OTP', generateTotp(secret, clock.now()), TEST_CONTEXT)).toEqual({ verified: true });
  expect(await keyOfStoredSecret()).toBe(next.id);

  clock.advanceSeconds(30);
  expect(await after.services.stepUp(caller, 'OTP', generateTotp(secret, clock.now()), TEST_CONTEXT)).toEqual({ verified: true });
});
