/**
 * Threat: a deployment loosens the failure limits until guessing pays, or sets them above what NIST
 * allows (N4 §3.2.2: at most 100 consecutive failures). The config schema caps every limit at 100; with
 * the defaults blind guessing passes one lock period with probability 3 codes × 10 / 10^6 = 3e-5 (RL-08).
 */
import { describe, expect, test } from 'vitest';
import { ConfigSchema, loadConfig } from '../../src/config.js';
import { lockDurationMs } from '../../src/domain/verification/failure-budget-policy.js';

describe('failure budget configuration', () => {
  test.each(['failuresPerLock', 'failuresUntilAdminUnlock'] as const)('%s is capped at 100 by the schema', (name) => {
    expect(ConfigSchema.properties[name].maximum).toBeLessThanOrEqual(100);
    expect(() => loadConfig({ [name]: 101 })).toThrow(/invalid configuration/);
  });

  test('the defaults are 10 per lock and 100 until an administrator unlocks', () => {
    const config = loadConfig({});
    expect([config.failuresPerLock, config.failuresUntilAdminUnlock, config.firstLockSeconds, config.maxLockSeconds]).toEqual([10, 100, 30, 3600]);
  });

  test('with the default configuration, locks grow from 30 s and stop at 1 h', () => {
    const policy = loadConfig({});
    const seconds = Array.from({ length: 10 }, (_, i) => lockDurationMs(i + 1, policy) / 1000);
    expect(seconds).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
  });
});
