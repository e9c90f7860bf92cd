import { ERROR_CATALOG, renderErrorMessage, resolveLanguage, type ErrorCode, type Language } from '@tessera/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isV2Route, toV2ErrorBody } from './v2-envelope.js';

/** Success message of GenAuth's samples, per language. */
const SUCCESS_MESSAGE: Record<Language, string> = { 'en-US': 'Success', 'zh-CN': '操作成功' };

export function requestLanguage(request: FastifyRequest): Language {
  const header = request.headers['x-authing-lang'];
  return resolveLanguage(Array.isArray(header) ? header[0] : header);
}

/**
 * The HTTP status that carries a business status. GenAuth answers HTTP 200 on its API routes whatever the
 * outcome (spec §0, §9: the official Node SDK loses the body of a real 4xx); elsewhere HTTP tells the truth.
 */
export function wireStatus(request: FastifyRequest, statusCode: number): number {
  return request.url.startsWith('/api/') ? 200 : statusCode;
}

/** A successful V3 envelope. */
export function successEnvelope<T>(request: FastifyRequest, data?: T) {
  return {
    statusCode: 200,
    message: SUCCESS_MESSAGE[requestLanguage(request)],
    requestId: request.id,
    ...(data === undefined ? {} : { data }),
  };
}

export function errorEnvelope(
  request: FastifyRequest,
  code: ErrorCode,
  params: Readonly<Record<string, string | number>> = {},
  data?: Readonly<Record<string, unknown>>,
) {
  const entry = ERROR_CATALOG[code];
  return {
    statusCode: entry.statusCode,
    message: renderErrorMessage(code, requestLanguage(request), params),
    apiCode: entry.apiCode,
    requestId: request.id,
    ...(data ? { data } : {}),
  };
}

/** Sends a catalog error, bypassing the route's success serializer. */
export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  params?: Readonly<Record<string, string | number>>,
  data?: Readonly<Record<string, unknown>>,
): FastifyReply {
  const body = errorEnvelope(request, code, params, data);
  const retryAfter = data?.retryAfterSeconds;
  if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
  return reply
    .code(wireStatus(request, body.statusCode))
    .type('application/json; charset=utf-8')
    .serializer(JSON.stringify)
    .send(isV2Route(request) ? toV2ErrorBody(body) : body);
}
