import { request } from 'node:http';
import type { ApiAnswer } from './api.js';
import type { TestServer } from './test-server.js';

/**
 * One black-box call from another client address. The server sees the socket's source address, and on
 * Linux every 127.0.0.0/8 address is the loopback, so `127.0.0.2` and `127.0.0.3` are two real clients
 * with no proxy header and no trust setting involved.
 */
export function apiFrom<T = any>(
  server: TestServer,
  sourceIp: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer<T>> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const call = request(
      new URL(path, server.url),
      {
        method: 'POST',
        localAddress: sourceIp,
        headers: { 'content-type': 'application/json', 'x-authing-app-id': server.appId, ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (typeof value === 'string') responseHeaders.set(name, value);
          }
          resolve({
            httpStatus: response.statusCode ?? 0,
            headers: responseHeaders,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as T,
          });
        });
      },
    );
    call.on('error', reject);
    call.end(payload);
  });
}
