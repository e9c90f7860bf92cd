import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createKeyringFile, generateKeyring, parseKeyring, readKeyringFile } from '../../src/crypto/keyring.js';

describe('keyring', () => {
  test('is created once, mode 0600, and read back identically by a second process', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tessera-keys-')), 'keys.json');
    const [first, second] = await Promise.all([createKeyringFile(path), createKeyringFile(path)]);
    expect(second).toEqual(first);
    expect(readKeyringFile(path)).toEqual(first);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  test('a generated keyring has an ES256 signing key, a 256-bit active encryption key and a code hash key', async () => {
    const keyring = await generateKeyring();
    expect(keyring.signingKeys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: expect.any(String), d: expect.any(String) });
    expect(Buffer.from(keyring.encryptionKeys[keyring.activeEncryptionKeyId]!, 'base64')).toHaveLength(32);
    expect(Buffer.from(keyring.codeHashKey, 'base64')).toHaveLength(32);
  });

  test.each([
    ['no signing key', { signingKeys: [] }, /signingKeys is empty/],
    ['an active key id that names no key', { activeEncryptionKeyId: 'missing' }, /activeEncryptionKeyId/],
    ['a short encryption key', { encryptionKeys: { short: Buffer.alloc(16).toString('base64') }, activeEncryptionKeyId: 'short' }, /not 32 bytes/],
    ['a short code hash key', { codeHashKey: 'AAAA' }, /codeHashKey/],
  ])('a keyring with %s is refused at start', async (_name, change, message) => {
    const keyring = { ...(await generateKeyring()), ...change };
    expect(() => parseKeyring(JSON.stringify(keyring))).toThrow(message);
  });
});
