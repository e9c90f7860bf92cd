import type { FastifyRequest } from 'fastify';
import { requestLanguage } from './envelope.js';

/**
 * The V2 envelope `{code, message, data}` of the MFA redemption endpoints (spec §5.3): `code` 200 on
 * success, the catalog's apiCode otherwise (6001 wrong code, 6002 wrong recovery code, 2057 locked, …),
 * always HTTP 200 like the V3 routes.
 */
const V2_SUCCESS_MESSAGE = { 'en-US': 'Success', 'zh-CN': '验证成功' } as const;

export function isV2Route(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/v2/');
}

export function v2SuccessEnvelope<T>(request: FastifyRequest, data: T) {
  return { code: 200, message: V2_SUCCESS_MESSAGE[requestLanguage(request)], data };
}

/** A V3 error envelope rewritten for a V2 route; the request id stays for support. */
export function toV2ErrorBody(body: { apiCode: number; message: string; requestId: string; data?: Readonly<Record<string, unknown>> }) {
  return { code: body.apiCode, message: body.message, requestId: body.requestId, ...(body.data ? { data: body.data } : {}) };
}
