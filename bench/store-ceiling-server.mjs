/**
 * A second ceiling for the reads (SQLite runs only): fastify answering get-factor from Tessera's own
 * database with the least work such a read can do — the session row and the factor row through two
 * prepared better-sqlite3 statements, the reply through a response schema, one log line per request
 * written once per event-loop turn. No signature check (the token's payload is read unverified, once), no
 * validation, no hooks, no envelope catalog: this is not a server, only what the framework plus the store
 * cost, so that Tessera's gap to it is what Tessera itself adds.
 * Plain JavaScript, run without tsx, as Tessera runs compiled.
 * Usage: node bench/store-ceiling-server.mjs <port> <data-dir>
 */
import { writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Fastify from 'fastify';

const port = Number(process.argv[2] ?? 0);
const db = new Database(join(process.argv[3] ?? '.', 'tessera.sqlite'), { readonly: true, fileMustExist: true });
const session = db.prepare('select user_id from sessions where id = ? and revoked_at is null and expires_at > ?');
const factor = db.prepare('select id, type, profile from factors where id = ? and user_id = ?');

const base = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())}`;
let pending = '';
const flush = () => {
  writeSync(1, pending);
  pending = '';
};

const app = Fastify({ logger: false });
// Token payloads decoded once each, as Tessera's verified-token cache verifies each token once.
const seen = new Map();
app.get(
  '/api/v3/get-factor',
  {
    schema: {
      response: {
        200: {
          type: 'object',
          properties: {
            statusCode: { type: 'number' },
            message: { type: 'string' },
            requestId: { type: 'string' },
            data: { type: 'object', properties: { factorId: { type: 'string' }, factorType: { type: 'string' }, profile: { type: 'object', additionalProperties: true } } },
          },
        },
      },
    },
  },
  async (request) => {
    const token = request.headers.authorization ?? '';
    let claims = seen.get(token);
    if (!claims) {
      claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString() || '{}');
      seen.set(token, claims);
    }
    const user = session.get(claims.sid ?? '', Date.now());
    const row = user && factor.get(request.query.factorId, user.user_id);
    return { statusCode: row ? 200 : 404, message: '操作成功', requestId: request.id, data: row ? { factorId: row.id, factorType: row.type, profile: JSON.parse(row.profile) } : undefined };
  },
);
app.addHook('onResponse', (request, reply, done) => {
  if (pending === '') setImmediate(flush);
  pending += `{"level":30,"time":${Date.now()}${base},"reqId":${JSON.stringify(request.id)},"route":"/api/v3/get-factor","status":${reply.statusCode},"ms":${Math.round(reply.elapsedTime * 10) / 10},"msg":"request completed"}\n`;
  done();
});
await app.listen({ port, host: '127.0.0.1' });
process.stdout.write(`listening ${port}\n`);
