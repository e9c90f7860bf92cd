import { hashOpaqueToken } from '../codes/one-time-codes.js';
import { TesseraError } from '../errors.js';
import type { AppRecord, AppRepository, ChallengeStore, Clock, TokenIssuer } from '../ports.js';
import type { SessionService } from '../sessions/session-service.js';
import type { Caller, ClaimedCaller } from './caller.js';

/** Longer app ids are no app of ours: refused without a lookup. */
const MAX_APP_ID_LENGTH = 64;

export interface AuthenticateOptions {
  /**
   * Also accept the mfaToken of a 1636 answer (the app requires MFA and the user has no factor): only the
   * enrollment routes set this. Anywhere else it is refused like any unknown token (AZ-04).
   */
  allowEnrollmentToken?: boolean;
  /**
   * Also accept the mfaToken of a 1635 answer (a sign-in waiting for its second step), without spending it:
   * only the face photo upload sets this, so a client can upload the photo it then redeems the token with.
   */
  allowSignInToken?: boolean;
}

/** Who calls: the application (x-authing-app-id, spec §2.1) and, on user routes, the signed-in user. */
export function createCallerAuthentication(deps: {
  clock: Clock;
  apps: AppRepository;
  tokens: TokenIssuer;
  sessions: SessionService;
  challenges: ChallengeStore;
}) {
  /** The app of that id, or undefined. */
  async function findApp(appId: string | undefined): Promise<AppRecord | undefined> {
    const id = appId?.trim() ?? '';
    return id && id.length <= MAX_APP_ID_LENGTH ? deps.apps.findById(id) : undefined;
  }

  async function requireApp(appId: string | undefined): Promise<AppRecord> {
    const app = await findApp(appId);
    if (!app) throw new TesseraError('APP_NOT_FOUND');
    return app;
  }

  /**
   * Who the token says calls, its signature and claims verified but not its session: the read that follows
   * checks that in its own statement (`LiveSessionReads`, issue 14). A token of another app, another key,
   * `alg: none` or past its expiry is refused alike.
   */
  async function identify(app: AppRecord, token: string | undefined, options: AuthenticateOptions = {}): Promise<ClaimedCaller> {
    if (!token) throw new TesseraError('NOT_LOGGED_IN');
    const claims = await deps.tokens.verifyAccessToken(token, app.id);
    if (claims) return { app, userId: claims.userId, session: claims };
    if (options.allowEnrollmentToken || options.allowSignInToken) {
      const challenge = await deps.challenges.findActive(hashOpaqueToken(token), app.id, deps.clock.now());
      const accepted = challenge && (challenge.kind === 'enroll' ? options.allowEnrollmentToken : options.allowSignInToken);
      if (challenge && accepted) return { app, userId: challenge.userId, session: null };
    }
    throw new TesseraError('INVALID_TOKEN');
  }

  /**
   * The caller, its session checked too: a valid signature is not enough, the session the token names must
   * still be live (revoked when a factor is reset).
   */
  async function authenticate(app: AppRecord, token: string | undefined, options: AuthenticateOptions = {}): Promise<Caller> {
    const claimed = await identify(app, token, options);
    if (!claimed.session) return { app, userId: claimed.userId, session: null };
    const session = await deps.sessions.resolve(claimed.session);
    if (!session) throw new TesseraError('INVALID_TOKEN');
    return { app, userId: session.userId, session };
  }

  return { findApp, requireApp, identify, authenticate };
}

export type CallerAuthentication = ReturnType<typeof createCallerAuthentication>;
