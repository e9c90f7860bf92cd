import { describe, expect, test } from 'vitest';
import { isOriginOfRpId, normalizeOrigin } from '../../src/domain/factors/passkey/webauthn-options.js';

/** The origins an app may allow for passkeys: what browsers accept for WebAuthn, nothing looser. */
describe('passkey origins', () => {
  test.each([
    ['https://login.example.com', 'https://login.example.com'],
    ['https://example.com:8443/', 'https://example.com:8443'],
    ['http://localhost:5173', 'http://localhost:5173'],
    ['http://127.0.0.1:3000', 'http://127.0.0.1:3000'],
    ['http://app.localhost', 'http://app.localhost'],
  ])('%s is allowed, as %s', (input, origin) => {
    expect(normalizeOrigin(input)).toBe(origin);
  });

  test.each([
    ['http://example.com', 'plain http off loopback'],
    ['https://example.com/login', 'a path'],
    ['https://user@example.com', 'credentials'],
    ['ftp://example.com', 'another scheme'],
    ['not a url', 'not a URL'],
  ])('%s is refused (%s)', (input) => {
    expect(() => normalizeOrigin(input)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  test.each([
    ['https://example.com', 'example.com', true],
    ['https://login.example.com', 'example.com', true],
    ['https://example.com.evil.net', 'example.com', false],
    ['https://notexample.com', 'example.com', false],
  ])('%s on RP id %s: %s', (origin, rpId, expected) => {
    expect(isOriginOfRpId(origin, rpId)).toBe(expected);
  });
});
