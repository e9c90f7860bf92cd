import type { FastifyRequest } from 'fastify';
import { TesseraError } from '../../domain/errors.js';
import { extractToken } from './caller.js';

/** Longer than any mfaToken we issue: refused without a lookup. */
const MAX_MFA_TOKEN_LENGTH = 256;

/** Spec §2.5: the mfaToken of a 1635/1636 answer travels as `authorization: Bearer <mfaToken>`; raw is accepted too. */
export function mfaTokenOf(request: FastifyRequest): string {
  const token = extractToken(request.headers.authorization);
  if (!token || token.length > MAX_MFA_TOKEN_LENGTH) throw new TesseraError('MFA_TOKEN_INVALID');
  return token;
}
