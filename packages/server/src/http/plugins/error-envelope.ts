import { ERROR_CATALOG, NO_CONTROL_CHARACTERS_PATTERN, renderErrorMessage, type ErrorCode } from '@tessera/contract';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isTesseraError } from '../../domain/errors.js';
import { requestLanguage } from './request-language.js';

/** A failure from the catalog, ready to be put on the wire by a surface's envelope. */
export interface CatalogFailure {
  code: ErrorCode;
  /** The business status (spec §9) and GenAuth's apiCode, from the catalog. */
  statusCode: number;
  apiCode: number;
  message: string;
  requestId: string;
  params: Readonly<Record<string, string | number>>;
  data?: Readonly<Record<string, unknown>>;
}

/** How one surface (V3, V2, plain HTTP) writes a failure. */
export interface EnvelopeStyle {
  /** The HTTP status that carries a business status. */
  httpStatus(statusCode: number): number;
  body(failure: CatalogFailure): object;
}

/** The catalog's envelope body, V3's: `{statusCode, message, apiCode, requestId, data?}`. */
export function catalogBody(failure: CatalogFailure): object {
  return {
    statusCode: failure.statusCode,
    message: failure.message,
    apiCode: failure.apiCode,
    requestId: failure.requestId,
    ...(failure.data ? { data: failure.data } : {}),
  };
}

/** Outside the API (health, keys, introspection, unknown pages) HTTP tells the truth; the body is the same. */
export const PLAIN_HTTP_ENVELOPE: EnvelopeStyle = { httpStatus: (statusCode) => statusCode, body: catalogBody };

/** Fastify's own failures, by their code, and what they are in our catalog. */
const FRAMEWORK_ERRORS: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_JSON',
};

/** Sends a catalog error in the surface's envelope, bypassing the route's success serializer. */
export function sendFailure(
  request: FastifyRequest,
  reply: FastifyReply,
  style: EnvelopeStyle,
  code: ErrorCode,
  params: Readonly<Record<string, string | number>> = {},
  data?: Readonly<Record<string, unknown>>,
): FastifyReply {
  const entry = ERROR_CATALOG[code];
  const failure: CatalogFailure = {
    code,
    statusCode: entry.statusCode,
    apiCode: entry.apiCode,
    message: renderErrorMessage(code, requestLanguage(request), params),
    requestId: request.id,
    params,
    ...(data ? { data } : {}),
  };
  const retryAfter = data?.retryAfterSeconds;
  if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
  return reply
    .code(style.httpStatus(entry.statusCode))
    .type('application/json; charset=utf-8')
    .serializer(JSON.stringify)
    .send(style.body(failure));
}

/**
 * The one mapping of any failure to the catalog — thrown catalog errors, schema validation, framework
 * errors, unknown routes — installed by each surface with its own envelope. Anything else is a 500 whose
 * detail goes to the log only.
 */
export function installErrorEnvelope(
  app: FastifyInstance,
  style: EnvelopeStyle,
  /** Recognises a lost database or Redis connection (the storage edge knows its drivers' errors). */
  isStoreUnavailable: (error: unknown) => boolean,
): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const send = (code: ErrorCode, params?: Readonly<Record<string, string | number>>, data?: Readonly<Record<string, unknown>>) =>
      sendFailure(request, reply, style, code, params, data);
    if (isTesseraError(error)) return send(error.code, error.params, error.data);
    if (error.validation) {
      const first = error.validation[0];
      const where = `${error.validationContext ?? 'body'}${first?.instancePath ?? ''}`;
      const detail = first?.keyword === 'additionalProperties'
        ? `${where} has an unknown field '${String((first.params as { additionalProperty?: string }).additionalProperty)}'`
        : first?.keyword === 'pattern' && (first.params as { pattern?: string }).pattern === NO_CONTROL_CHARACTERS_PATTERN
          ? `${where} must not contain control characters (such as NUL)`
          : `${where} ${first?.message ?? 'is invalid'}`;
      return send('VALIDATION_FAILED', { detail });
    }
    const mapped = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
    if (mapped) return send(mapped);
    // DUR-04: the database or Redis is away; fail closed with 503, never a verdict on the code.
    if (isStoreUnavailable(error)) {
      request.log.warn({ err: error }, 'store unavailable');
      return send('SERVICE_UNAVAILABLE');
    }
    if (error instanceof SyntaxError && error.statusCode === 400) return send('MALFORMED_JSON');
    request.log.error({ err: error }, 'unexpected error');
    return send('INTERNAL_ERROR');
  });

  app.setNotFoundHandler((request, reply) =>
    sendFailure(request, reply, style, 'ROUTE_NOT_FOUND', { method: request.method, path: request.url.split('?')[0] ?? '' }),
  );
}
