import type { ApplicationMfaDto, FactorType, MfaRequiredDataDto, SignInDto } from '@tessera/contract';
import type { AccountService, ClientCredentials } from '../accounts/account-service.js';
import type { AuditTrail, RequestContext } from '../audit/audit-trail.js';
import { generateOpaqueToken, hashOpaqueToken } from '../codes/one-time-codes.js';
import type { FactorRegistry } from '../factors/registry.js';
import type { AppRecord, ChallengeKind, ChallengeStore, Clock, FactorRecord, FactorRepository, Random, UserRecord } from '../ports.js';
import { AMR } from '../sessions/assurance.js';
import type { SessionService } from '../sessions/session-service.js';
import type { TokenSet, TokenSets } from '../tokens/token-sets.js';

export interface SignInPolicy {
  /** Lifetime of an mfaToken (the V2 sample token lives 360 s; default 300). */
  mfaTokenTtlSeconds: number;
}

export type SignInOutcome =
  | ({ kind: 'signed-in'; user: UserRecord } & TokenSet)
  /** 1635 (verify a bound factor) or 1636 (bind one first): no access token yet. */
  | { kind: 'mfa-required'; challenge: ChallengeKind; data: MfaRequiredDataDto };

/**
 * POST /api/v3/signin: the password, then the app's MFA policy. A user with a factor the app offers gets a
 * challenge (1635) instead of a token, unless the policy is `off`; under `required` a user with none gets
 * an enrollment-only challenge (1636). Nothing before the second factor grants a session (AZ-04).
 */
export function createSignIn(deps: {
  clock: Clock;
  random: Random;
  accounts: AccountService;
  registry: FactorRegistry;
  factors: FactorRepository;
  challenges: ChallengeStore;
  sessions: SessionService;
  tokenSets: TokenSets;
  audit: AuditTrail;
  policy: SignInPolicy;
}) {
  return async function signIn(app: AppRecord, dto: SignInDto, client: ClientCredentials, context: RequestContext): Promise<SignInOutcome> {
    const { user, scope } = await deps.accounts.authenticatePassword(app, dto, client, context.ip ?? 'unknown');
    const offered = deps.registry.offeredTypes(app);
    // ENR-01: only bound (confirmed) factors exist as rows; pending enrollments never count.
    const bound = (await deps.factors.listByUser(user.id)).filter((factor) => offered.includes(factor.type));
    // A factor its method has switched off (a face disabled by failures, BIO-02) is neither offered nor counted.
    const answering = await Promise.all(bound.map((factor) => deps.registry.binding(factor.type)?.isUsable?.(factor) ?? true));
    const usable = bound.filter((_, index) => answering[index]);
    const challenge: ChallengeKind | null =
      app.mfaPolicy === 'off' ? null : usable.length > 0 ? 'verify' : app.mfaPolicy === 'required' ? 'enroll' : null;

    if (!challenge) {
      const session = await deps.sessions.open({ userId: user.id, appId: app.id, amr: [AMR.password], aal: 'aal1' });
      const tokens = await deps.tokenSets.issue(session, app, { scope });
      await deps.audit.record({ type: 'sign-in', outcome: 'ok', userId: user.id, via: 'sign-in', context, detail: { acr: 'aal1' } });
      return { kind: 'signed-in', user, ...tokens };
    }

    const now = deps.clock.now();
    const mfaToken = generateOpaqueToken(deps.random);
    await deps.challenges.insert({
      tokenHash: hashOpaqueToken(mfaToken),
      kind: challenge,
      userId: user.id,
      appId: app.id,
      amr: [AMR.password],
      scope,
      attempts: 0,
      codeChannel: null,
      codeHash: null,
      codeExpiresAt: null,
      expiresAt: now + deps.policy.mfaTokenTtlSeconds * 1000,
      createdAt: now,
    });
    await deps.audit.record({
      type: 'sign-in',
      outcome: challenge === 'verify' ? 'challenged' : 'enroll-required',
      userId: user.id,
      via: 'sign-in',
      context,
    });
    return { kind: 'mfa-required', challenge, data: describeChallenge(mfaToken, offered, usable) };
  };

  /**
   * The `data` of a 1635/1636 answer (GetMfaInfoDataDto, spec §7): which factors can answer the challenge,
   * each described (masked) by its method. `applicationMfa` lists every type the app offers, status 1 when
   * the user has it bound (so it can answer now), 0 otherwise.
   */
  function describeChallenge(mfaToken: string, offered: readonly FactorType[], usable: readonly FactorRecord[]): MfaRequiredDataDto {
    const bound = new Set(usable.map((factor) => factor.type));
    const applicationMfa: ApplicationMfaDto[] = offered.map((type, index) => ({ mfaPolicy: type, status: bound.has(type) ? 1 : 0, sort: index + 1 }));
    const described = usable.map((factor) => deps.registry.binding(factor.type)?.describeForChallenge(factor) ?? {});
    return { mfaToken, totpMfaEnabled: false, faceMfaEnabled: false, ...Object.assign({}, ...described), applicationMfa };
  }
}

export type SignIn = ReturnType<typeof createSignIn>;
