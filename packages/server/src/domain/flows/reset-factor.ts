import type { AuditTrail, RequestContext } from '../audit/audit-trail.js';
import { TesseraError } from '../errors.js';
import type { FactorRegistry } from '../factors/registry.js';
import type { FactorRepository } from '../ports.js';
import type { SessionService } from '../sessions/session-service.js';
import type { SecurityNotices } from '../notifications/security-notices.js';
import type { Caller } from './caller.js';

/**
 * Unbinding a factor (spec §3 #3): its row goes, and with it the sealed secret. ENR-03: it needs a second
 * factor proven recently in this session, and it ends the user's other sessions.
 */
export function createFactorReset(deps: {
  factors: FactorRepository;
  registry: FactorRegistry;
  sessions: SessionService;
  audit: AuditTrail;
  notices: SecurityNotices;
}) {
  /** BIO-01: what would remain is only factors that may never stand alone (FACE). */
  async function wouldLeaveOnlyCompanions(userId: string, factorId: string): Promise<boolean> {
    const remaining = (await deps.factors.listByUser(userId)).filter((factor) => factor.id !== factorId);
    return remaining.length > 0 && remaining.every((factor) => deps.registry.binding(factor.type)?.companionOnly);
  }

  return async function resetFactor(caller: Caller, factorId: string, context: RequestContext): Promise<void> {
    await deps.sessions.assertRecentSecondFactor(caller.userId, caller.session);
    // AZ-01: another user's factor answers exactly like one that does not exist.
    const factor = await deps.factors.findForUser(caller.userId, factorId);
    if (!factor) throw new TesseraError('FACTOR_NOT_FOUND');
    if (await wouldLeaveOnlyCompanions(caller.userId, factorId)) throw new TesseraError('FACE_WOULD_BE_ALONE');
    if (!(await deps.factors.deleteForUser(caller.userId, factorId))) throw new TesseraError('FACTOR_NOT_FOUND');
    const revokedSessions = await deps.sessions.revokeOthers(caller.userId, caller.session);
    await deps.audit.record({
      type: 'factor.reset',
      outcome: 'ok',
      userId: caller.userId,
      factorType: factor.type,
      via: 'self-service',
      context,
      detail: { revokedSessions },
    });
    // ENR-08: the holder hears of it over another channel.
    await deps.notices.notify({ userId: caller.userId, event: 'factor-removed', factorType: factor.type, context });
  };
}

export type FactorReset = ReturnType<typeof createFactorReset>;
