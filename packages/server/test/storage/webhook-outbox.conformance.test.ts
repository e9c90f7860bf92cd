import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditEvent, OutgoingEvent } from '../../src/domain/ports.js';
import type { Store } from '../../src/storage/store.js';
import { newId, openSqlHarness, SQL_DIALECTS } from '../support/storage-implementations.js';

/**
 * The event outbox on SQLite and PostgreSQL: rows are written with their audit line, all or none; a due
 * row is taken by one of several racing instances only; a lease that ran out is taken over (a crashed
 * sender's rows go out again); failed attempts wait; old finished rows are pruned.
 */
const NOW = Date.UTC(2026, 10, 28, 3, 0, 0);
const LEASE_MS = 30_000;

function auditEvent(): AuditEvent {
  return { id: newId(), at: NOW, type: 'lock', outcome: null, userId: null, appId: null, factorType: null, via: null, ip: null, userAgent: null, detail: null };
}

function outgoing(eventId: string, overrides: Partial<OutgoingEvent> = {}): OutgoingEvent {
  const endpointId = `wh_${newId()}`;
  return { id: `${eventId}.${endpointId}`, eventId, endpointId, appId: 'app', type: 'account.locked', payload: '{}', createdAt: NOW, ...overrides };
}

describe.each(SQL_DIALECTS)('webhook outbox on %s', (dialect) => {
  let store: Store;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, close } = await openSqlHarness(dialect));
  });
  afterAll(() => close());

  const rowsOf = async (eventId: string) => (await store.webhookOutbox.list({ limit: 10_000 })).filter((row) => row.eventId === eventId);

  test('the audit line and its outbox rows commit together', async () => {
    const event = auditEvent();
    await store.audit.append(event, [outgoing(event.id), outgoing(event.id)]);
    expect(await rowsOf(event.id)).toHaveLength(2);

    const failing = auditEvent();
    const duplicate = outgoing(failing.id);
    await expect(store.audit.append(failing, [duplicate, duplicate])).rejects.toThrow();
    expect(await rowsOf(failing.id)).toEqual([]);
    expect((await store.audit.list({ limit: 10_000 })).some((line) => line.id === failing.id)).toBe(false);
  });

  test('of five instances claiming at once, each due row goes to exactly one; a run-out lease is taken over', async () => {
    const event = auditEvent();
    const at = NOW + 10 * 86_400_000; // later than every other test's rows
    await store.audit.append(event, [outgoing(event.id, { createdAt: at }), outgoing(event.id, { createdAt: at })]);
    const claims = await Promise.all(Array.from({ length: 5 }, () => store.webhookOutbox.claimDue(at, LEASE_MS, 100)));
    const mine = claims.flat().filter((row) => row.eventId === event.id);
    expect(mine.map((row) => row.id).sort()).toEqual((await rowsOf(event.id)).map((row) => row.id).sort());

    expect((await store.webhookOutbox.claimDue(at + LEASE_MS - 1, LEASE_MS, 100)).filter((row) => row.eventId === event.id)).toEqual([]);
    expect((await store.webhookOutbox.claimDue(at + LEASE_MS, LEASE_MS, 100)).filter((row) => row.eventId === event.id)).toHaveLength(2);
  });

  test('a failed attempt waits for its next time; a delivered row is never claimed again; old finished rows are pruned', async () => {
    const event = auditEvent();
    const at = NOW + 20 * 86_400_000;
    const [retried, delivered] = [outgoing(event.id, { createdAt: at }), outgoing(event.id, { createdAt: at })];
    await store.audit.append(event, [retried!, delivered!]);
    await store.webhookOutbox.claimDue(at, LEASE_MS, 100);
    await store.webhookOutbox.markAttemptFailed(retried!.id, 1, at + 5000, 'HTTP 500', false);
    await store.webhookOutbox.markDelivered(delivered!.id, at);
    expect((await store.webhookOutbox.claimDue(at + 4999, LEASE_MS, 100)).filter((row) => row.eventId === event.id)).toEqual([]);
    expect((await store.webhookOutbox.claimDue(at + 5000, LEASE_MS, 100)).map((row) => row.id).filter((id) => id.startsWith(event.id))).toEqual([retried!.id]);

    expect(await store.webhookOutbox.prune(at + 1, 10_000)).toBeGreaterThanOrEqual(1);
    expect((await rowsOf(event.id)).map((row) => row.id)).toEqual([retried!.id]);
  });
});
