/**
 * The baselines: a bare node:http server, or fastify's hello-world route (the framework's ceiling),
 * answering a constant JSON body the same size as a get-factor reply. What Tessera achieves is reported as
 * a fraction of the bare server, measured in the same run on the same machine, driven identically.
 * Usage: node --import tsx bench/bare-server.ts <port> <body-bytes> [node|fastify]
 */
import { createServer } from 'node:http';
import Fastify from 'fastify';

const port = Number(process.argv[2] ?? 0);
const size = Number(process.argv[3] ?? 200);
const kind = process.argv[4] ?? 'node';
const skeleton = { statusCode: 200, message: 'Success', requestId: '00000000-0000-0000-0000-000000000000', data: { padding: '' } };
skeleton.data.padding = 'x'.repeat(Math.max(0, size - Buffer.byteLength(JSON.stringify(skeleton))));
const body = JSON.stringify(skeleton);
const listening = () => process.stdout.write(`listening ${port}\n`);

if (kind === 'fastify') {
  // Serialized per request like any fastify route without a response schema.
  const app = Fastify({ logger: false });
  app.all('/*', async () => skeleton);
  await app.listen({ port, host: '127.0.0.1' });
  listening();
} else {
  createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  }).listen(port, '127.0.0.1', listening);
}
