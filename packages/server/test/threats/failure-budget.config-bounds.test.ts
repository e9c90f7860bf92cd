/**
 * Threat: a deployment loosens the failure limits until guessing pays, or sets them above what NIST
 * allows (N4 §3.2.2: at most 100 consecutive failures). The config schema caps every limit at 100, and
 * the documented RL-08 bound — accepted codes × failures per lock / 10^6 — holds for the defaults.
 */
import { describe, expect, test } from 'vitest';
import { ConfigSchema, loadConfig } from '../../src/config.js';
import {
  DEFAULT_FAILURE_BUDGET_POLICY,
  guessingBoundPerLock,
  lockDurationMs,
} from '../../src/domain/verification/failure-budget-policy.js';

describe('failure budget configuration', () => {
  test.each(['failuresPerLock', 'failuresUntilAdminUnlock'] as const)('%s is capped at 100 by the schema', (name) => {
    expect(ConfigSchema.properties[name].maximum).toBeLessThanOrEqual(100);
    expect(() => loadConfig({ [name]: 101 })).toThrow(/invalid configuration/);
  });

  test('the defaults are 10 per lock and 100 until an administrator unlocks', () => {
    const config = loadConfig({});
    expect([config.failuresPerLock, config.failuresUntilAdminUnlock, config.firstLockSeconds, config.maxLockSeconds]).toEqual([10, 100, 30, 3600]);
  });

  test('RL-08: with 3 codes accepted at a time, guessing passes a lock period with probability ≤ 3e-5', () => {
    const config = loadConfig({});
    const bound = guessingBoundPerLock({ ...DEFAULT_FAILURE_BUDGET_POLICY, failuresPerLock: config.failuresPerLock });
    expect(bound).toBeLessThanOrEqual(3e-5);
  });

  test('locks grow from 30 s and stop at 1 h', () => {
    const seconds = Array.from({ length: 10 }, (_, i) => lockDurationMs(i + 1, DEFAULT_FAILURE_BUDGET_POLICY) / 1000);
    expect(seconds).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
  });
});
