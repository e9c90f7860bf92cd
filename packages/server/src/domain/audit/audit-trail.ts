import type { FactorType, Language } from '@tessera/contract';
import type { AuditEvent, AuditEventType, AuditLog, AuditOutcome, Clock, Random } from '../ports.js';
import type { EventOutbox } from '../ports/audit.js';

/** Who made a request, for the audit trail: never a credential. */
export interface RequestContext {
  appId: string | null;
  ip: string | null;
  userAgent: string | null;
  /** The language the caller reads (x-authing-lang), for what is sent to the user because of the request. */
  language?: Language;
}

export interface AuditEntry {
  type: AuditEventType;
  outcome?: AuditOutcome;
  userId: string | null;
  factorType?: FactorType | null;
  /** 'sign-in', 'enrollment', 'step-up', 'admin'. */
  via?: string | null;
  context?: RequestContext;
  /** Non-secret details only: counts, times, ids. */
  detail?: Record<string, unknown> | null;
}

/**
 * ENR-09: an append-only record of every enroll, reset, verification (ok / failed / replayed / locked),
 * lock, unlock and recovery-code use. Ids sort in the order events happened on this instance: the clock's
 * milliseconds, then a per-process sequence, then randomness against collisions across instances.
 */
export function createAuditTrail(deps: {
  clock: Clock;
  random: Random;
  log: AuditLog;
  /** Events out (webhooks): what to write beside the audit line, in the same transaction. */
  events?: EventOutbox;
  /** Told of every recorded event, after it is stored (metrics). */
  observe?: (event: AuditEvent) => void;
}) {
  let sequence = 0;

  function nextId(at: number): string {
    sequence = (sequence + 1) % 36 ** 5;
    return `${at.toString(36).padStart(10, '0')}${sequence.toString(36).padStart(5, '0')}${deps.random.bytes(6).toString('hex')}`;
  }

  async function record(entry: AuditEntry): Promise<void> {
    const at = deps.clock.now();
    const event: AuditEvent = {
      id: nextId(at),
      at,
      type: entry.type,
      outcome: entry.outcome ?? null,
      userId: entry.userId,
      appId: entry.context?.appId ?? null,
      factorType: entry.factorType ?? null,
      via: entry.via ?? null,
      ip: entry.context?.ip ?? null,
      userAgent: entry.context?.userAgent ?? null,
      detail: entry.detail ?? null,
    };
    const outgoing = deps.events ? await deps.events.outgoingFor(event) : [];
    await deps.log.append(event, outgoing);
    deps.observe?.(event);
  }

  return { record, list: (query: { userId?: string; limit: number }) => deps.log.list(query) };
}

export type AuditTrail = ReturnType<typeof createAuditTrail>;
