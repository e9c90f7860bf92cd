import { TesseraError } from '../errors.js';
import { generateOpaqueToken } from '../codes/one-time-codes.js';
import type {
  AssuranceLevel,
  Clock,
  FactorRepository,
  Random,
  SessionClaims,
  SessionRecord,
  SessionStore,
  TokenIssuer,
  UserRepository,
} from '../ports.js';
import type { FactorRegistry } from '../factors/registry.js';
import { aalAfter, amrAfter, type Proof } from './assurance.js';

/** A use of a session is written down at most this often: idle time is known to about a minute. */
const TOUCH_EVERY_MS = 60_000;

export interface OpenSession {
  userId: string;
  appId: string;
  amr: string[];
  aal: AssuranceLevel;
  /** Set when the sign-in itself proved a second factor. */
  secondFactorAt?: number | null;
}

export interface SessionPolicy {
  /** AZ-06: a session ends this long after it began, however busy (NIST: AAL2 reauthentication ≤ 24 h). */
  sessionMaxAgeSeconds: number;
  /** AZ-06: a session's second-factor elevation lapses after this long unused (NIST: inactivity ≤ 1 h). */
  sessionIdleSeconds: number;
  /** ENR-02/ENR-03: binding or resetting a factor needs a second factor proven this recently (AZ-06). */
  stepUpMaxAgeSeconds: number;
}

/**
 * Server-side sessions. Every access token names one (`sid`) and is accepted only while it is live, so a
 * session can be revoked before its token expires (reset-factor ends the user's other sessions) and its
 * assurance raised after the token was issued (enroll-factor, mfa-totp-verify).
 */
export function createSessionService(deps: {
  clock: Clock;
  random: Random;
  sessions: SessionStore;
  tokens: TokenIssuer;
  factors: FactorRepository;
  registry: FactorRegistry;
  users: UserRepository;
  policy: SessionPolicy;
}) {
  const { clock, policy } = deps;

  /**
   * A sign-in is complete (with its second factor, if one was asked): writes the session and counts the
   * login, through `stores` when the caller holds a transaction.
   */
  async function open(input: OpenSession, stores: { sessions: SessionStore; users: UserRepository } = deps): Promise<SessionRecord> {
    const now = clock.now();
    const session: SessionRecord = {
      id: generateOpaqueToken(deps.random),
      userId: input.userId,
      appId: input.appId,
      amr: input.amr,
      aal: input.aal,
      aal2At: input.aal !== 'aal1' ? (input.secondFactorAt ?? now) : null,
      secondFactorAt: input.secondFactorAt ?? null,
      createdAt: now,
      expiresAt: now + policy.sessionMaxAgeSeconds * 1000,
      lastUsedAt: now,
      revokedAt: null,
    };
    await stores.sessions.insert(session);
    // Counted here, not at the password step: a sign-in stopped at its MFA challenge is no login.
    await stores.users.recordLogin(session.userId, now);
    return session;
  }

  /** The access token of a session just opened. */
  async function issueToken(session: SessionRecord, scope: string) {
    const issued = await deps.tokens.issueAccessToken({
      userId: session.userId,
      appId: session.appId,
      scope,
      sessionId: session.id,
      amr: session.amr,
      acr: session.aal,
    });
    return { session, accessToken: issued.token, expiresInSeconds: issued.expiresInSeconds };
  }

  /** Opens a session and issues its token. */
  async function start(input: OpenSession & { scope: string }) {
    return issueToken(await open(input), input.scope);
  }

  /**
   * The live session a verified token names, or undefined (revoked, expired, or not this token's), its use
   * recorded (`recordUse`).
   */
  async function resolve(claims: SessionClaims): Promise<SessionRecord | undefined> {
    const session = await deps.sessions.findLive(claims.sessionId, clock.now());
    if (!session || session.userId !== claims.userId || session.appId !== claims.appId) return undefined;
    return recordUse(session);
  }

  /**
   * A request used this live session (found by `resolve` or by a read that checked it itself): a session
   * left unused longer than the idle time loses its second-factor elevation first (AZ-06): back at aal1,
   * it needs a fresh second factor for what asks for one. The use is written at most once a minute, so
   * most requests write nothing. Answers the session as it now stands.
   */
  async function recordUse(found: SessionRecord): Promise<SessionRecord> {
    const now = clock.now();
    let session = found;
    const elevated = session.aal2At !== null || session.secondFactorAt !== null;
    if (elevated && now - session.lastUsedAt > policy.sessionIdleSeconds * 1000) {
      await deps.sessions.lapseElevation(session.id);
      session = { ...session, aal: 'aal1', aal2At: null, secondFactorAt: null };
    }
    if (now - session.lastUsedAt >= TOUCH_EVERY_MS) {
      await deps.sessions.touch(session.id, now);
      session = { ...session, lastUsedAt: now };
    }
    return session;
  }

  /** A second factor was proven in this session (a binding, a step-up): raise its assurance. */
  async function recordSecondFactor(session: SessionRecord, proof: Proof): Promise<void> {
    await deps.sessions.recordSecondFactor(session.id, {
      amr: amrAfter(session.amr, proof),
      aal2: aalAfter(session.aal, proof) !== 'aal1',
      at: clock.now(),
    });
  }

  /**
   * ENR-02/ENR-03 (N4 §4.1.2.1: bind at the highest assurance available): once the user has a factor,
   * binding another or resetting one needs a second factor proven in this session within the step-up
   * window — an aal2 one when the user has an aal2-capable factor (OTP, SMS), else (only EMAIL) any.
   * `session` null is an enrollment-only mfaToken, which never satisfies it.
   */
  async function assertRecentSecondFactor(userId: string, session: SessionRecord | null): Promise<void> {
    const bound = await deps.factors.listByUser(userId);
    if (bound.length === 0) return;
    const needsAal2 = bound.some((factor) => (deps.registry.binding(factor.type)?.proves.aal ?? 'aal1') !== 'aal1');
    const provenAt = session ? (needsAal2 ? session.aal2At : session.secondFactorAt) : null;
    const oldest = clock.now() - policy.stepUpMaxAgeSeconds * 1000;
    if (provenAt === null || provenAt < oldest) {
      throw new TesseraError('STEP_UP_REQUIRED', { maxAgeMinutes: Math.round(policy.stepUpMaxAgeSeconds / 60) });
    }
  }

  /** ENR-03: after a factor is reset, the user's other sessions end. */
  async function revokeOthers(userId: string, keep: SessionRecord | null): Promise<number> {
    return deps.sessions.revokeOthers(userId, keep?.id ?? null, clock.now());
  }

  return { start, open, issueToken, resolve, recordUse, recordSecondFactor, assertRecentSecondFactor, revokeOthers };
}

export type SessionService = ReturnType<typeof createSessionService>;
