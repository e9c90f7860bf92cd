import type { OAuthErrorCode } from '@tessera/contract';

/** A failure of a standard /oidc endpoint, from the closed set in @tessera/contract (oauth-errors.ts). */
export class OAuthFailure extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    /** Safe to show the client: never a token, hash or account detail. */
    readonly description?: string,
  ) {
    super(code);
    this.name = 'OAuthFailure';
  }
}

export function isOAuthFailure(error: unknown): error is OAuthFailure {
  return error instanceof OAuthFailure;
}
