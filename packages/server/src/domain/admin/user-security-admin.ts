import type { FactorDto } from '@tessera/contract';
import type { AuditTrail, RequestContext } from '../audit/audit-trail.js';
import { TesseraError } from '../errors.js';
import type { FactorReading } from '../flows/read-factors.js';
import type { SecurityNotices } from '../notifications/security-notices.js';
import type { AuditEvent, AuditLog, AuditQuery, Clock, FactorRepository, SessionStore } from '../ports.js';

/** What an operator may see of a session: never a token. */
export interface SessionView {
  sessionId: string;
  appId: string;
  aal: string;
  amr: string[];
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
}

const MAX_AUDIT_PAGE = 1000;

/**
 * An operator's hold on one user's second factors and sessions (issue 11, Tessera's own admin endpoints and
 * the matching `tessera users …` commands): list and reset factors, list and revoke sessions, and the
 * audit trail by page. Every change is audited `via: admin` and the holder is told (ENR-08).
 */
export function createUserSecurityAdmin(deps: {
  clock: Clock;
  factors: FactorRepository;
  reading: FactorReading;
  sessions: SessionStore;
  audit: AuditTrail;
  auditLog: AuditLog;
  notices: SecurityNotices;
}) {
  const listFactors = (userId: string): Promise<FactorDto[]> => deps.reading.list(userId);

  /** Removes one factor (or every one when `factorId` is absent) and ends the user's sessions. */
  async function resetFactors(userId: string, factorId: string | undefined, context: RequestContext) {
    const factors = await deps.factors.listByUser(userId);
    const targets = factorId === undefined ? factors : factors.filter((factor) => factor.id === factorId);
    if (factorId !== undefined && targets.length === 0) throw new TesseraError('FACTOR_NOT_FOUND');
    const removed = [];
    for (const factor of targets) if (await deps.factors.deleteForUser(userId, factor.id)) removed.push(factor);
    const revokedSessions = removed.length > 0 ? await deps.sessions.revokeOthers(userId, null, deps.clock.now()) : 0;
    for (const factor of removed) {
      await deps.audit.record({ type: 'factor.reset', outcome: 'ok', userId, factorType: factor.type, via: 'admin', context, detail: { factorId: factor.id, revokedSessions } });
      await deps.notices.notify({ userId, event: 'factor-removed', factorType: factor.type, context });
    }
    return { removedFactorIds: removed.map((factor) => factor.id), revokedSessions };
  }

  async function listSessions(userId: string): Promise<SessionView[]> {
    const sessions = await deps.sessions.listLive(userId, deps.clock.now());
    return sessions.map((session) => ({
      sessionId: session.id,
      appId: session.appId,
      aal: session.aal,
      amr: session.amr,
      createdAt: new Date(session.createdAt).toISOString(),
      lastUsedAt: new Date(session.lastUsedAt).toISOString(),
      expiresAt: new Date(session.expiresAt).toISOString(),
    }));
  }

  /** Ends one session, or every session of the user when `sessionId` is absent. */
  async function revokeSessions(userId: string, sessionId: string | undefined, context: RequestContext) {
    const now = deps.clock.now();
    let revoked: number;
    if (sessionId === undefined) revoked = await deps.sessions.revokeOthers(userId, null, now);
    else if (await deps.sessions.revokeOne(userId, sessionId, now)) revoked = 1;
    else throw new TesseraError('VALIDATION_FAILED', { detail: 'the user has no such live session' });
    await deps.audit.record({ type: 'session.revoke', outcome: 'ok', userId, via: 'admin', context, detail: { revoked, ...(sessionId ? { sessionId } : {}) } });
    return { revokedSessions: revoked };
  }

  /** One page of the audit trail, oldest first; `nextCursor` continues after its last event. */
  async function queryAudit(filter: AuditQuery): Promise<{ events: AuditEvent[]; nextCursor: string | null }> {
    if (!Number.isInteger(filter.limit) || filter.limit < 1 || filter.limit > MAX_AUDIT_PAGE) {
      throw new TesseraError('VALIDATION_FAILED', { detail: `limit must be an integer from 1 to ${MAX_AUDIT_PAGE}` });
    }
    const events = await deps.auditLog.query(filter);
    return { events, nextCursor: events.length === filter.limit ? events.at(-1)!.id : null };
  }

  return { listFactors, resetFactors, listSessions, revokeSessions, queryAudit };
}

export type UserSecurityAdmin = ReturnType<typeof createUserSecurityAdmin>;
