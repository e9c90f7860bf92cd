import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/** One request as it arrived on the socket. */
export interface CapturedRequest {
  method: string;
  /** Path and query string, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The raw body text ('' when none). */
  body: string;
}

/** How the server answers the next request: an HTTP status and raw body, or never. */
export type Reply = { status?: number; contentType?: string; body: string } | 'hang';

export interface CaptureServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: CapturedRequest[];
  /** The most recent request; fails the test when there is none. */
  last(): CapturedRequest;
  /** Queues answers for the next requests; when the queue is empty, the default success envelope. */
  reply(...replies: Reply[]): void;
  close(): Promise<void>;
}

export const SUCCESS_ENVELOPE = { statusCode: 200, message: 'Success', requestId: 'req-1' };

/** A real `node:http` server on 127.0.0.1 and a free port, recording every request. */
export async function startCaptureServer(): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  const queue: Reply[] = [];
  const hanging: ServerResponse[] = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const reply = queue.shift() ?? { body: JSON.stringify(SUCCESS_ENVELOPE) };
      if (reply === 'hang') {
        hanging.push(res);
        return;
      }
      res.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'application/json' });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    last() {
      const request = requests.at(-1);
      if (!request) throw new Error('the capture server received no request');
      return request;
    },
    reply(...replies) {
      queue.push(...replies);
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/**
 * The preamble of a test file that reads what a client sends: a capture server started in beforeAll, its
 * request log emptied before each test, closed in afterAll. The answer forwards to the running server.
 */
export function useCaptureServer(): CaptureServer {
  let started: CaptureServer | undefined;
  beforeAll(async () => {
    started = await startCaptureServer();
  });
  afterAll(async () => {
    await started?.close();
  });
  beforeEach(() => {
    current().requests.length = 0;
  });
  const current = (): CaptureServer => {
    if (!started) throw new Error('useCaptureServer: read before its beforeAll ran');
    return started;
  };
  return {
    get url() {
      return current().url;
    },
    get requests() {
      return current().requests;
    },
    last: () => current().last(),
    reply: (...replies) => current().reply(...replies),
    close: () => current().close(),
  };
}

/** A port that was free a moment ago and has nothing listening on it now. */
export async function findClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
