/**
 * The factor registry is the one place a flow learns what a factor type does. These are the rules it
 * carries for every method, as a table, and the plug-in rule: a type is served exactly when a method
 * that binds it is registered.
 */
import { describe, expect, test } from 'vitest';
import type { FactorMethod } from '../../src/domain/factors/factor-method.js';
import { registryOf } from '../../src/domain/factors/registry.js';
import type { AppRecord } from '../../src/domain/ports.js';
import { DEFAULT_OIDC_CLIENT_SETTINGS } from '../../src/domain/apps/oidc-client-settings.js';
import { openDomainHarness } from '../support/domain-harness.js';

const app = (enabledFactors: AppRecord['enabledFactors']): AppRecord => ({
  id: 'app',
  name: 'App',
  secretHash: '',
  tokenEndpointAuthMethod: 'none',
  enabledFactors,
  mfaPolicy: 'if-enrolled',
  createdAt: 0,
  ...DEFAULT_OIDC_CLIENT_SETTINGS,
});

describe('the default methods', async () => {
  const harness = await openDomainHarness();
  const { methods } = harness.services.registry;
  await harness.close();

  test.each([
    // name, factor row it answers with, amr (RFC 8176), assurance, binds, sends codes
    ['OTP', 'OTP', 'otp', 'aal2', true, false],
    ['SMS', 'SMS', 'sms', 'aal2', true, true],
    ['EMAIL', 'EMAIL', 'mail', 'aal1', true, true],
    ['RECOVERY_CODE', 'OTP', 'otp', 'aal2', false, false],
  ])('%s answers with the %s factor and proves amr %s at %s', (name, factorType, amr, aal, binds, sends) => {
    const method = methods.find((candidate) => candidate.name === name)!;
    expect(method).toMatchObject({ factorType, proves: { amr, aal } });
    expect(Boolean(method.enrollment)).toBe(binds);
    expect(Boolean(method.delivery)).toBe(sends);
  });

  test('no method is registered twice', () => {
    expect(new Set(methods.map((method) => method.name)).size).toBe(methods.length);
  });
});

describe('what an app offers', () => {
  const otp = { name: 'OTP', factorType: 'OTP', enrollment: {} } as unknown as FactorMethod;
  const recovery = { name: 'RECOVERY_CODE', factorType: 'OTP' } as unknown as FactorMethod;

  test('only the enabled types that a registered method binds: FACE without a method is not offered', () => {
    expect(registryOf([otp, recovery]).offeredTypes(app(['OTP', 'FACE']))).toEqual(['OTP']);
  });

  test('a new method makes its type offered, with no other change', () => {
    const face = { name: 'FACE', factorType: 'FACE', enrollment: {} } as unknown as FactorMethod;
    expect(registryOf([otp, recovery, face]).offeredTypes(app(['OTP', 'FACE']))).toEqual(['OTP', 'FACE']);
  });

  test('a type the app does not enable is refused with FACTOR_TYPE_NOT_ENABLED', () => {
    expect(() => registryOf([otp]).assertOffered(app(['SMS']), 'OTP')).toThrow(expect.objectContaining({ code: 'FACTOR_TYPE_NOT_ENABLED' }));
  });
});
