import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { createSecretBox } from '../../src/crypto/secret-box.js';

const key = () => randomBytes(32).toString('base64');

describe('AES-256-GCM secret box (KEY-01, KEY-02)', () => {
  const keys = { old: key(), current: key() };
  const box = createSecretBox(keys, 'current');
  const secret = randomBytes(20);

  test('opens what it sealed', () => {
    expect(box.open(box.seal(secret, 'factor-1'), 'factor-1')).toEqual(secret);
  });

  test('the sealed form names its key id and never contains the plaintext', () => {
    const sealed = box.seal(secret, 'factor-1');
    expect(sealed.split('.').slice(0, 2)).toEqual(['v1', 'current']);
    expect(sealed).not.toContain(secret.toString('base64url'));
  });

  test('sealing twice gives different ciphertexts (fresh nonce)', () => {
    expect(box.seal(secret, 'factor-1')).not.toBe(box.seal(secret, 'factor-1'));
  });

  test('a ciphertext moved to another row does not open', () => {
    expect(() => box.open(box.seal(secret, 'factor-1'), 'factor-2')).toThrow();
  });

  test('a tampered ciphertext does not open', () => {
    const parts = box.seal(secret, 'factor-1').split('.');
    const ciphertext = Buffer.from(parts[3]!, 'base64url');
    ciphertext[0]! ^= 1;
    parts[3] = ciphertext.toString('base64url');
    expect(() => box.open(parts.join('.'), 'factor-1')).toThrow();
  });

  test('after rotation, secrets sealed under the old key still open', () => {
    const before = createSecretBox(keys, 'old').seal(secret, 'factor-1');
    expect(box.open(before, 'factor-1')).toEqual(secret);
  });

  test('a secret sealed under a key the box does not hold fails to open', () => {
    const foreign = createSecretBox({ other: key() }, 'other').seal(secret, 'factor-1');
    expect(() => box.open(foreign, 'factor-1')).toThrow(/unknown format or key id/);
  });

  test('needsReseal: true for a value sealed with an older key, false once re-sealed with the active one (lazy re-seal)', () => {
    const sealedWithOld = createSecretBox(keys, 'old').seal(secret, 'factor-1');
    expect(box.keyIdOf(sealedWithOld)).toBe('old');
    expect(box.needsReseal(sealedWithOld)).toBe(true);
    const resealed = box.seal(box.open(sealedWithOld, 'factor-1'), 'factor-1');
    expect(box.needsReseal(resealed)).toBe(false);
    expect(box.open(resealed, 'factor-1')).toEqual(secret);
    expect(box.needsReseal('not a sealed value')).toBe(true);
  });

  test('a key id is a prefix no other key shares, so the store can count by it', () => {
    expect(box.seal(secret, 'f').startsWith(box.sealedPrefixOf('current'))).toBe(true);
    expect(box.seal(secret, 'f').startsWith(box.sealedPrefixOf('curren'))).toBe(false);
    expect(() => createSecretBox({ 'a.b': key() }, 'a.b')).toThrow(/contains a dot/);
  });

  test('a truncated authentication tag is refused', () => {
    const [version, keyId, nonce, ciphertext, tag] = box.seal(secret, 'factor-1').split('.');
    const truncated = [version, keyId, nonce, ciphertext, Buffer.from(tag!, 'base64url').subarray(0, 4).toString('base64url')].join('.');
    expect(() => box.open(truncated, 'factor-1')).toThrow();
  });
});
