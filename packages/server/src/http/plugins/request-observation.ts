import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../observability/metrics.js';
import type { RequestLog } from '../../observability/request-log.js';

/** A caller's x-request-id is kept when it is this short and plain (it goes into logs and answers). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** fastify's genReqId: the caller's x-request-id when well-formed, else a fresh UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * One log line per request (observability/request-log.ts), written when it is answered (fastify's own
 * two lines are off): request id, route pattern, status, duration, app id — never the query, body or
 * headers, so never a code or token.
 * The same moment feeds the request metrics. The request id is echoed in `x-request-id`.
 */
export function installRequestObservation(app: FastifyInstance, metrics: Metrics, log: RequestLog): void {
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    // For debugging and crash forensics only (test/scale-out/process-crash): a request seen, not yet answered.
    if (request.log.level === 'debug' || request.log.level === 'trace') request.log.debug({ req: { method: request.method, url: request.url.split('?')[0] } }, 'incoming request');
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    const ms = reply.elapsedTime;
    metrics.request(route, request.method, status, ms / 1000);
    log({ reqId: request.id, route, method: request.method, status, ms: Math.round(ms * 10) / 10, appId: request.callerApp?.id ?? null });
    done();
  });
}
