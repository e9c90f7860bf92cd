import type { FactorType } from '@tessera/contract';
import type { AuditTrail, RequestContext } from '../audit/audit-trail.js';
import type { CodeDispatch } from '../delivery/code-dispatch.js';
import type { FactorRegistry } from '../factors/registry.js';
import type { AppRepository, CodeChannel, FactorRepository, SecurityEvent, UserRepository } from '../ports.js';

/** The name a notice goes out under when the request named no app (an operator's command). */
const DEFAULT_SENDER_NAME = 'Tessera';

export interface NoticeSubject {
  userId: string;
  event: SecurityEvent;
  /** The factor the event concerns: the notice never travels over it (ENR-08, an independent channel). */
  factorType?: FactorType | null;
  context?: RequestContext;
}

/**
 * Tells the account holder what changed (ENR-08, RPL-05, REC-04): a factor bound or removed, a recovery
 * code used or regenerated, verification locked, a spent code presented again. It goes to the account's
 * email when it has one, else to a bound factor other than the one concerned, through the same delivery,
 * templates and delivery log as codes. A notice never fails the action it reports: a refusal or a failed
 * delivery is audited and logged, and the action stands.
 */
export function createSecurityNotices(deps: {
  users: UserRepository;
  factors: FactorRepository;
  apps: AppRepository;
  registry: FactorRegistry;
  codes: CodeDispatch;
  audit: AuditTrail;
  logger: { warn(fields: object, message: string): void };
}) {
  async function destinationOf(userId: string, concerned: FactorType | null): Promise<{ channel: CodeChannel; to: string } | undefined> {
    const user = await deps.users.findById(userId);
    if (!user) return undefined;
    // The account's own address, unless the event concerns a factor that sends to a mailbox (it may be that one).
    const concernsMail = concerned !== null && deps.registry.binding(concerned)?.delivery?.channel === 'email';
    if (user.email && !concernsMail) return { channel: 'email', to: user.email };
    for (const factor of await deps.factors.listByUser(userId)) {
      if (factor.type === concerned) continue;
      const delivery = deps.registry.binding(factor.type)?.delivery;
      const to = delivery?.addressOf(factor);
      if (delivery && to) return { channel: delivery.channel, to };
    }
    // Only the factor concerned can reach the user (e.g. removing the last one): better than silence.
    return user.email ? { channel: 'email', to: user.email } : undefined;
  }

  async function notify(subject: NoticeSubject): Promise<void> {
    const factorType = subject.factorType ?? null;
    try {
      const destination = await destinationOf(subject.userId, factorType);
      if (!destination) return;
      const app = subject.context?.appId ? await deps.apps.findById(subject.context.appId) : undefined;
      await deps.codes.dispatchNotice({
        ...destination,
        event: subject.event,
        factorType,
        appName: app?.name ?? DEFAULT_SENDER_NAME,
        language: subject.context?.language ?? 'zh-CN',
        userId: subject.userId,
        clientIp: subject.context?.ip ?? '',
      });
    } catch (error) {
      deps.logger.warn({ err: error, event: subject.event }, 'security notice not sent');
    }
  }

  return { notify };
}

export type SecurityNotices = ReturnType<typeof createSecurityNotices>;
