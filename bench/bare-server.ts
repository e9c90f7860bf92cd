/**
 * The baseline: bare node:http answering a constant JSON body, the same size as a get-factor reply. What
 * Tessera achieves is reported as a fraction of this, measured in the same run on the same machine.
 * Usage: node bench/bare-server.ts <port> <body-bytes>  (plain JS-compatible TypeScript, run with tsx)
 */
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 0);
const size = Number(process.argv[3] ?? 200);
const skeleton = { statusCode: 200, message: 'Success', requestId: '00000000-0000-0000-0000-000000000000', data: { padding: '' } };
skeleton.data.padding = 'x'.repeat(Math.max(0, size - Buffer.byteLength(JSON.stringify(skeleton))));
const body = JSON.stringify(skeleton);

createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}).listen(port, '127.0.0.1', () => process.stdout.write(`listening ${port}\n`));
