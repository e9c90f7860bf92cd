import type { AuditEvent, EventType } from '../ports.js';

/**
 * Which events out an audit line raises: the audit trail is already the one place each of them is
 * recorded (a verification, a lock, a binding…), so webhooks follow it rather than adding emit calls.
 */
export function eventTypesOf(event: AuditEvent): EventType[] {
  switch (event.type) {
    case 'factor.enroll':
      return ['factor.enrolled'];
    case 'factor.reset':
      return Number(event.detail?.revokedSessions ?? 0) > 0 ? ['factor.reset', 'session.revoked'] : ['factor.reset'];
    case 'verify':
      if (event.outcome === 'ok') return ['mfa.verified'];
      return event.outcome === 'failed' || event.outcome === 'replayed' || event.outcome === 'locked' ? ['mfa.failed'] : [];
    case 'recovery-code.use':
      return ['mfa.verified', 'recovery_code.used'];
    case 'lock':
      return ['account.locked'];
    default:
      return [];
  }
}

/** What an event tells the receiver: who and what, never a code, token or secret. */
export function eventData(event: AuditEvent, type: EventType): Record<string, unknown> {
  const data: Record<string, unknown> = { userId: event.userId, factorType: event.factorType, via: event.via };
  if (type === 'mfa.failed') data.reason = event.outcome === 'failed' ? 'wrong' : event.outcome;
  if (type === 'account.locked') {
    data.lockedUntil = event.detail?.lockedUntil ?? null;
    data.adminUnlockRequired = event.detail?.adminUnlockRequired ?? false;
  }
  if (type === 'session.revoked') data.revokedSessions = event.detail?.revokedSessions ?? 0;
  return data;
}
