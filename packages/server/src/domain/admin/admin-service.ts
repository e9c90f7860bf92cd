import type { FactorType } from '@tessera/contract';
import type { AccountService } from '../accounts/account-service.js';
import type { AppService } from '../apps/app-service.js';
import type { AuditTrail, RequestContext } from '../audit/audit-trail.js';
import { canonicalEmail, parseEmail } from '../contact/contact-address.js';
import { TesseraError } from '../errors.js';
import type { RecoveryCodeRegeneration } from '../flows/regenerate-recovery-code.js';
import type { AppRecord, DeliveryLog, MfaPolicy, OidcClientSettings, TokenEndpointAuthMethod, UserRecord, UserRepository } from '../ports.js';
import type { SecurityNotices } from '../notifications/security-notices.js';
import type { FailureBudget } from '../verification/failure-budget.js';

/**
 * What an operator does (the `tessera` CLI today, the management API next): one function per action, each
 * with its checks and its audit entry, so every surface shares them.
 */
export function createAdminService(deps: {
  apps: AppService;
  accounts: AccountService;
  users: UserRepository;
  budget: FailureBudget;
  recoveryCodes: RecoveryCodeRegeneration;
  audit: AuditTrail;
  notices: SecurityNotices;
  deliveries: DeliveryLog;
}) {
  /** A user named by exactly one of id or email. */
  async function findUser(who: { userId?: string; email?: string }): Promise<UserRecord> {
    if (!who.userId === !who.email) throw new TesseraError('VALIDATION_FAILED', { detail: 'give exactly one of userId or email' });
    const user = who.userId ? await deps.users.findById(who.userId) : await deps.users.findByLogin({ emailKey: canonicalEmail(parseEmail(who.email!)) });
    if (!user) throw new TesseraError('USER_NOT_FOUND');
    return user;
  }

  /** Clears the second-factor failure count and lock of a user (audited). */
  async function unlockUser(who: { userId?: string; email?: string }, context: RequestContext) {
    const user = await findUser(who);
    const before = await deps.budget.inspect(user.id);
    await deps.budget.clear(user.id);
    await deps.audit.record({ type: 'unlock', userId: user.id, via: 'admin', context });
    return { userId: user.id, previousConsecutiveFailures: before?.consecutiveFailures ?? 0, unlocked: true as const };
  }

  /** A new recovery code, returned this once; the old one stops working (the holder is told). */
  const regenerateRecoveryCode = (userId: string, context: RequestContext) => deps.recoveryCodes.byOperator(userId, context);

  return {
    createApp: (input: { name: string; enabledFactors?: readonly FactorType[]; tokenEndpointAuthMethod?: TokenEndpointAuthMethod; mfaPolicy?: MfaPolicy } & OidcClientSettings) =>
      deps.apps.create(input),
    updateAppOidcSettings: (appId: string, changes: OidcClientSettings): Promise<AppRecord> => deps.apps.updateOidcSettings(appId, changes),
    updateApp: (appId: string, changes: { mfaPolicy?: string; enabledFactors?: readonly FactorType[] }): Promise<AppRecord> =>
      deps.apps.updateMfaSettings(appId, changes),
    listApps: () => deps.apps.list(),
    /** On first start with an empty database: the default app, its secret shown once. */
    ensureDefaultApp: (name: string) => deps.apps.ensureOne(name),
    createUser: (input: { email?: string; username?: string; password: string }) =>
      deps.accounts.createUser({ email: input.email ? parseEmail(input.email) : null, username: input.username ?? null, password: input.password }),
    unlockUser,
    regenerateRecoveryCode,
    listAudit: (query: { userId?: string; limit: number }) => deps.audit.list(query),
    listDeliveries: (query: { userId?: string; limit: number }) => deps.deliveries.list(query),
  };
}

export type AdminService = ReturnType<typeof createAdminService>;
