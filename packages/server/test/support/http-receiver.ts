import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as sent (what a signature covers). */
  body: string;
}

/** How the receiver answers: a status and body, or never (to exercise the sender's timeout). */
export type Answer = { status: number; body?: string } | 'hang';

export interface HttpReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Answers the next requests in turn; when the list runs out, `fallback` answers. */
  answerWith(...answers: Answer[]): void;
  close(): Promise<void>;
}

/** A real node:http endpoint on 127.0.0.1 playing an SMS provider: records every request, answers as told. */
export async function startHttpReceiver(fallback: Answer = { status: 200, body: '{}' }): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  let queue: Answer[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = queue.shift() ?? fallback;
      if (answer === 'hang') {
        hanging.add(response);
        return;
      }
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body ?? '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answerWith(...answers) {
      queue = answers;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: taken from the OS, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
