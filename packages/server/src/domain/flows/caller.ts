import type { AppRecord, SessionRecord } from '../ports.js';

/** Who is calling a user route: the app, the user, and the live session of the token. */
export interface Caller {
  app: AppRecord;
  userId: string;
  /** null: the caller holds an enrollment-only mfaToken (a 1636 answer: bind a factor before signing in). */
  session: SessionRecord | null;
}
