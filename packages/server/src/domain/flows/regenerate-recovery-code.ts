import type { AuditTrail, RequestContext } from '../audit/audit-trail.js';
import { TesseraError } from '../errors.js';
import type { RecoveryCodeIssuer } from '../factors/recovery-code/recovery-codes.js';
import type { FactorRegistry } from '../factors/registry.js';
import type { SecurityNotices } from '../notifications/security-notices.js';
import type { FactorRepository } from '../ports.js';
import type { SessionService } from '../sessions/session-service.js';
import type { Caller } from './caller.js';

/**
 * A new recovery code, shown once; every older one stops working (REC-04). By the user themselves it needs
 * a second factor proven recently at aal2 in this session (a stolen password alone must not mint one); by
 * an operator it is audited as such. Either way the holder is told.
 */
export function createRecoveryCodeRegeneration(deps: {
  registry: FactorRegistry;
  factors: FactorRepository;
  recoveryCodes: RecoveryCodeIssuer;
  sessions: SessionService;
  audit: AuditTrail;
  notices: SecurityNotices;
}) {
  async function regenerate(userId: string, via: 'self-service' | 'admin', context: RequestContext): Promise<string> {
    const method = deps.registry.method('RECOVERY_CODE');
    const factor = await deps.factors.findByType(userId, method.factorType);
    if (!factor?.recoveryCodeHash) throw new TesseraError(method.errors.notBound);
    const fresh = await deps.recoveryCodes.issue();
    if (!(await deps.factors.swapRecoveryCodeHash(factor.id, factor.recoveryCodeHash, fresh.hash))) {
      // Used or regenerated in between: the caller may simply retry.
      throw new TesseraError('SERVICE_UNAVAILABLE');
    }
    await deps.audit.record({ type: 'recovery-code.regenerate', userId, factorType: method.factorType, via, context });
    await deps.notices.notify({ userId, event: 'recovery-code-regenerated', factorType: method.factorType, context });
    return fresh.code;
  }

  return {
    /** The user, in a session with a recent aal2 proof. */
    async bySelf(caller: Caller, context: RequestContext): Promise<string> {
      await deps.sessions.assertRecentSecondFactor(caller.userId, caller.session);
      return regenerate(caller.userId, 'self-service', context);
    },
    /** An operator (`tessera users recovery-codes regenerate`, the management API). */
    byOperator: (userId: string, context: RequestContext) => regenerate(userId, 'admin', context),
  };
}

export type RecoveryCodeRegeneration = ReturnType<typeof createRecoveryCodeRegeneration>;
