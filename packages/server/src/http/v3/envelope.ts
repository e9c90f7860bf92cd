import type { ErrorCode, Language } from '@tessera/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catalogBody, sendFailure, type EnvelopeStyle } from '../plugins/error-envelope.js';
import { requestLanguage } from '../plugins/request-language.js';

/** Success message of GenAuth's samples, per language. */
const SUCCESS_MESSAGE: Record<Language, string> = { 'en-US': 'Success', 'zh-CN': '操作成功' };

/**
 * GenAuth answers HTTP 200 on its API routes whatever the outcome (spec §0, §9: the official Node SDK loses
 * the body of a real 4xx); the business status is in the envelope.
 */
export const V3_API_ENVELOPE: EnvelopeStyle = { httpStatus: () => 200, body: catalogBody };

/** A successful V3 envelope. */
export function successEnvelope<T>(request: FastifyRequest, data?: T) {
  return {
    statusCode: 200,
    message: SUCCESS_MESSAGE[requestLanguage(request)],
    requestId: request.id,
    ...(data === undefined ? {} : { data }),
  };
}

/** A V3 answer with a non-200 business status that is not a failure (the 499 MFA challenge of sign-in). */
export function sendV3Status(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  data?: Readonly<Record<string, unknown>>,
): FastifyReply {
  return sendFailure(request, reply, V3_API_ENVELOPE, code, {}, data);
}
