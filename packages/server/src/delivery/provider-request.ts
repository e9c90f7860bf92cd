/** What one HTTP provider call needs: where to POST, with which headers and body. */
export interface ProviderRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * POSTs to an SMS provider with a timeout per attempt and the retry policy every HTTP provider shares
 * (docs/delivery.md):
 *
 * - 2xx: sent; never repeated.
 * - 5xx, or a connection that could not be opened (refused, no route, DNS): one more attempt, at once.
 *   The provider said it did not take the message, or never saw it.
 * - 4xx: not retried; the request itself is wrong (number, credentials, sender) and would fail again.
 * - timeout, or a connection dropped after the request went out: not retried; the provider may have
 *   accepted it, and a second SMS with another code costs twice and confuses.
 *
 * Throws an Error whose message is safe for logs: status and error kind, no body, code or secret.
 * `prepare` is called per attempt, so a signature can carry a fresh timestamp.
 */
export async function postToProvider(
  provider: string,
  prepare: () => ProviderRequest,
  timeoutMs: number,
  describeRefusal: (status: number, body: string) => string = (status) => `HTTP ${status}`,
): Promise<void> {
  let first: string | undefined;
  for (let attempt = 1; attempt <= 2; attempt++) {
    const outcome = await attemptOnce(prepare(), timeoutMs);
    if (outcome.kind === 'sent') return;
    const reason = outcome.kind === 'refused' ? describeRefusal(outcome.status, outcome.body) : outcome.reason;
    if (attempt === 1 && outcome.retryable) {
      first = reason;
      continue;
    }
    throw new Error(`${provider}: ${first ? `${first}, then ${reason} on retry` : reason}`);
  }
}

type Attempt =
  | { kind: 'sent' }
  | { kind: 'refused'; status: number; body: string; retryable: boolean }
  | { kind: 'error'; reason: string; retryable: boolean };

/** Connection errors raised before any byte of the request left: the provider cannot have it. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

async function attemptOnce(request: ProviderRequest, timeoutMs: number): Promise<Attempt> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') return { kind: 'error', reason: `no answer within ${timeoutMs} ms`, retryable: false };
    const code = causeCode(error);
    return { kind: 'error', reason: `connection failed (${code ?? 'unknown'})`, retryable: code !== undefined && NOT_CONNECTED.has(code) };
  }
  let body = '';
  try {
    body = await response.text();
  } catch {
    // The status is what matters; a body cut off by the timeout changes nothing.
  }
  if (response.ok) return { kind: 'sent' };
  return { kind: 'refused', status: response.status, body, retryable: response.status >= 500 };
}

function causeCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
