import type { AppRecord, SessionClaims, SessionRecord } from '../ports.js';

/** Who is calling a user route: the app, the user, and the live session of the token. */
export interface Caller {
  app: AppRecord;
  userId: string;
  /** null: the caller holds an enrollment-only mfaToken (a 1636 answer: bind a factor before signing in). */
  session: SessionRecord | null;
}

/**
 * Who calls as the token says: its signature and claims verified, its session not yet checked. The route's
 * read checks it in the same statement (issue 14: one round trip), and refuses like `Caller` would.
 */
export interface ClaimedCaller {
  app: AppRecord;
  userId: string;
  /** null: an enrollment-only mfaToken, which names no session. */
  session: SessionClaims | null;
}
