/**
 * The ways a request can fail below the V3 envelope. A business failure (`statusCode` ≠ 200) is not
 * one of them: the server answered, and the SDK returns that answer as it came.
 *
 * - `NETWORK_ERROR`: no HTTP answer (refused connection, DNS failure, reset socket).
 * - `TIMEOUT`: no complete answer within the client's `timeout`.
 * - `INVALID_BODY`: an answer arrived, but its body is not JSON or not a V3 envelope
 *   (typically a proxy's HTML error page).
 */
export const TESSERA_REQUEST_ERROR_CODES = ['NETWORK_ERROR', 'TIMEOUT', 'INVALID_BODY'] as const;

/** One of {@link TESSERA_REQUEST_ERROR_CODES}; a closed union that `switch` can narrow. */
export type TesseraRequestErrorCode = (typeof TESSERA_REQUEST_ERROR_CODES)[number];

/** What a {@link TesseraRequestError} carries besides its message. */
export interface TesseraRequestErrorDetails {
  readonly code: TesseraRequestErrorCode;
  /** Upper-case HTTP method of the failed request. */
  readonly method: string;
  /** Full URL of the failed request, query string included (never the body: it may hold a password). */
  readonly url: string;
  /** HTTP status of the answer, when one arrived. */
  readonly status?: number;
  /** The underlying error (fetch's TypeError, the AbortSignal's DOMException, JSON's SyntaxError). */
  readonly cause?: unknown;
}

/**
 * Thrown by every client method when the request failed in transport, so no V3 envelope could be
 * read. Business failures are never thrown; check `statusCode` on the resolved envelope instead.
 *
 * @example
 * ```ts
 * try {
 *   const { statusCode, data } = await client.listEnrolledFactors();
 * } catch (error) {
 *   if (error instanceof TesseraRequestError && error.code === 'TIMEOUT') retryLater();
 *   else throw error;
 * }
 * ```
 */
export class TesseraRequestError extends Error {
  override readonly name = 'TesseraRequestError';
  readonly code: TesseraRequestErrorCode;
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;

  constructor(message: string, details: TesseraRequestErrorDetails) {
    super(message, { cause: details.cause });
    this.code = details.code;
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
  }
}
