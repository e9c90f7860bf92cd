import { describe, expect, test } from 'vitest';
import { eventData, eventTypesOf } from '../../src/domain/events/event-mapping.js';
import type { AuditEvent } from '../../src/domain/ports.js';

/** Which webhook events each audit line raises: the audit trail is the one place they are recorded. */
const line = (overrides: Partial<AuditEvent>): AuditEvent => ({
  id: 'a1',
  at: 0,
  type: 'verify',
  outcome: 'ok',
  userId: 'u1',
  appId: 'app',
  factorType: 'OTP',
  via: 'sign-in',
  ip: '203.0.113.9',
  userAgent: 'ua',
  detail: null,
  ...overrides,
});

describe('audit line → webhook events', () => {
  test.each([
    [{ type: 'factor.enroll', outcome: 'ok' }, ['factor.enrolled']],
    [{ type: 'factor.reset', outcome: 'ok', detail: { revokedSessions: 0 } }, ['factor.reset']],
    [{ type: 'factor.reset', outcome: 'ok', detail: { revokedSessions: 2 } }, ['factor.reset', 'session.revoked']],
    [{ type: 'verify', outcome: 'ok' }, ['mfa.verified']],
    [{ type: 'verify', outcome: 'failed' }, ['mfa.failed']],
    [{ type: 'verify', outcome: 'replayed' }, ['mfa.failed']],
    [{ type: 'verify', outcome: 'locked' }, ['mfa.failed']],
    [{ type: 'recovery-code.use', outcome: 'ok' }, ['mfa.verified', 'recovery_code.used']],
    [{ type: 'lock', outcome: null }, ['account.locked']],
    [{ type: 'unlock', outcome: null }, []],
    [{ type: 'sign-in', outcome: 'challenged' }, []],
    [{ type: 'recovery-code.regenerate', outcome: 'ok' }, []],
  ] as const)('%o raises %o', (overrides, expected) => {
    expect(eventTypesOf(line(overrides as Partial<AuditEvent>))).toEqual(expected);
  });

  test('event data names who and what, never the client address or user agent', () => {
    const data = eventData(line({ type: 'lock', outcome: null, detail: { lockedUntil: '2026-11-28T03:00:00.000Z', adminUnlockRequired: false, consecutiveFailures: 10 } }), 'account.locked');
    expect(data).toEqual({ userId: 'u1', factorType: 'OTP', via: 'sign-in', lockedUntil: '2026-11-28T03:00:00.000Z', adminUnlockRequired: false });
    expect(eventData(line({ outcome: 'failed' }), 'mfa.failed')).toMatchObject({ reason: 'wrong' });
  });
});
