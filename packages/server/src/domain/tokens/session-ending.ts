import type { RefreshTokenStore, SessionStore } from '../ports.js';

/** Ends a session and every refresh token of it: its access tokens stop working at once (they name it). */
export function createSessionEnding(deps: { sessions: SessionStore; refreshTokens: RefreshTokenStore }) {
  return async function endSession(sessionId: string, now: number): Promise<void> {
    await deps.refreshTokens.revokeBySession(sessionId, now);
    await deps.sessions.revoke(sessionId, now);
  };
}

export type SessionEnding = ReturnType<typeof createSessionEnding>;
