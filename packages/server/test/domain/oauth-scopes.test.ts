import { describe, expect, test } from 'vitest';
import { hasScope, isNarrowing, scopesOf } from '../../src/domain/tokens/scopes.js';

describe('OAuth scopes (RFC 6749 §3.3, §6)', () => {
  test('a scope string is a set of space-separated names', () => {
    expect(scopesOf('openid  profile openid ')).toEqual(['openid', 'profile']);
    expect(hasScope('openid offline_access', 'offline_access')).toBe(true);
    expect(hasScope('openid offline_accessx', 'offline_access')).toBe(false);
  });

  test.each([
    ['openid', 'openid profile offline_access', true],
    ['profile openid', 'openid profile', true],
    ['', 'openid', true],
    ['openid email', 'openid profile', false],
    ['offline_access', 'openid', false],
  ])('%j within %j: %s', (requested, granted, narrowing) => {
    expect(isNarrowing(requested, granted)).toBe(narrowing);
  });
});
