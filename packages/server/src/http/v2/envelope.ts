import type { FastifyRequest } from 'fastify';
import type { EnvelopeStyle } from '../plugins/error-envelope.js';
import { requestLanguage } from '../plugins/request-language.js';

/**
 * The V2 envelope `{code, message, data}` of the MFA redemption endpoints (spec §5.3): `code` 200 on
 * success, the catalog's apiCode otherwise (6001 wrong code, 6002 wrong recovery code, 2057 locked, …),
 * always HTTP 200 like the V3 routes. The request id stays for support.
 */
const V2_SUCCESS_MESSAGE = { 'en-US': 'Success', 'zh-CN': '验证成功' } as const;

export const V2_ENVELOPE: EnvelopeStyle = {
  httpStatus: () => 200,
  body: (failure) => ({ code: failure.apiCode, message: failure.message, requestId: failure.requestId, ...(failure.data ? { data: failure.data } : {}) }),
};

export function v2SuccessEnvelope<T>(request: FastifyRequest, data: T) {
  return { code: 200, message: V2_SUCCESS_MESSAGE[requestLanguage(request)], data };
}
