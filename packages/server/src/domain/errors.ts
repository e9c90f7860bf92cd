import type { ErrorCode } from '@tessera/contract';

/**
 * A failure from the closed catalog in @tessera/contract. Throw sites name only the code (and the values
 * its message needs); the HTTP layer maps it to the wire once.
 */
export class TesseraError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Readonly<Record<string, string | number>> = {},
    /** Extra fields for the envelope's `data`, e.g. how long to wait before retrying. */
    readonly data?: Readonly<Record<string, unknown>>,
  ) {
    super(code);
    this.name = 'TesseraError';
  }
}

export function isTesseraError(error: unknown): error is TesseraError {
  return error instanceof TesseraError;
}
