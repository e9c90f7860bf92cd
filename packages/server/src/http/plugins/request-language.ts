import { resolveLanguage, type Language } from '@tessera/contract';
import type { FastifyRequest } from 'fastify';

/** The language of messages: `x-authing-lang` (spec §10), zh-CN by default. */
export function requestLanguage(request: FastifyRequest): Language {
  const header = request.headers['x-authing-lang'];
  return resolveLanguage(Array.isArray(header) ? header[0] : header);
}
