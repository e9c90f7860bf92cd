import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NO_CONTROL_CHARACTERS_PATTERN, type ErrorCode } from '@tessera/contract';
import { isTesseraError } from '../../domain/errors.js';
import { sendError } from '../envelope.js';

/** Fastify's own failures, by their code, and what they are in our catalog. */
const FRAMEWORK_ERRORS: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_JSON',
};

/**
 * The one place any failure becomes a V3 envelope: thrown catalog errors, schema validation, framework
 * errors, unknown routes. Anything else is a 500 whose detail goes to the log only.
 */
export function installErrorEnvelope(
  app: FastifyInstance,
  /** Recognises a lost database or Redis connection (the storage edge knows its drivers' errors). */
  isStoreUnavailable: (error: unknown) => boolean,
): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (isTesseraError(error)) return sendError(request, reply, error.code, error.params, error.data);
    if (error.validation) {
      const first = error.validation[0];
      const where = `${error.validationContext ?? 'body'}${first?.instancePath ?? ''}`;
      const detail = first?.keyword === 'additionalProperties'
        ? `${where} has an unknown field '${String((first.params as { additionalProperty?: string }).additionalProperty)}'`
        : first?.keyword === 'pattern' && (first.params as { pattern?: string }).pattern === NO_CONTROL_CHARACTERS_PATTERN
          ? `${where} must not contain control characters (such as NUL)`
          : `${where} ${first?.message ?? 'is invalid'}`;
      return sendError(request, reply, 'VALIDATION_FAILED', { detail });
    }
    const mapped = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
    if (mapped) return sendError(request, reply, mapped);
    // DUR-04: the database or Redis is away; fail closed with 503, never a verdict on the code.
    if (isStoreUnavailable(error)) {
      request.log.warn({ err: error }, 'store unavailable');
      return sendError(request, reply, 'SERVICE_UNAVAILABLE');
    }
    if (error instanceof SyntaxError && error.statusCode === 400) return sendError(request, reply, 'MALFORMED_JSON');
    request.log.error({ err: error }, 'unexpected error');
    return sendError(request, reply, 'INTERNAL_ERROR');
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, 'ROUTE_NOT_FOUND', { method: request.method, path: request.url.split('?')[0] ?? '' }),
  );
}
