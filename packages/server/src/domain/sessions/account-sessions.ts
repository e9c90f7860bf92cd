import { TesseraError } from '../errors.js';
import type { AssuranceLevel, Clock, SessionStore } from '../ports.js';
import type { Caller } from '../flows/caller.js';

/** One live session as the account page lists it: never its token. */
export interface AccountSessionView {
  sessionId: string;
  current: boolean;
  aal: AssuranceLevel;
  createdAt: number;
  lastUsedAt: number;
}

/**
 * The signed-in user's own sessions: list them, sign this one out, sign out everywhere else. Only the
 * caller's sessions are ever named (AZ-01): every query is by the caller's user id.
 */
export function createAccountSessions(deps: {
  clock: Clock;
  sessions: SessionStore;
  /** Ends a session with its refresh tokens (domain/tokens/session-ending.ts). */
  endSession(sessionId: string, now: number): Promise<void>;
}) {
  function sessionOf(caller: Caller) {
    // An enrollment-only mfaToken names no session: nothing to list or end.
    if (!caller.session) throw new TesseraError('NOT_LOGGED_IN');
    return caller.session;
  }

  async function list(caller: Caller): Promise<AccountSessionView[]> {
    const current = sessionOf(caller);
    const live = await deps.sessions.listLive(caller.userId, deps.clock.now());
    return live.map((session) => ({
      sessionId: session.id,
      current: session.id === current.id,
      aal: session.aal,
      createdAt: session.createdAt,
      lastUsedAt: session.lastUsedAt,
    }));
  }

  async function signOut(caller: Caller): Promise<void> {
    await deps.endSession(sessionOf(caller).id, deps.clock.now());
  }

  async function signOutOthers(caller: Caller): Promise<number> {
    return deps.sessions.revokeOthers(caller.userId, sessionOf(caller).id, deps.clock.now());
  }

  return { list, signOut, signOutOthers };
}

export type AccountSessions = ReturnType<typeof createAccountSessions>;
