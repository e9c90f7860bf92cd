import { OAUTH_ERRORS } from '@tessera/contract';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isOAuthFailure } from '../../domain/tokens/oauth-failure.js';
import type { PresentedClient } from '../../domain/tokens/client-authentication.js';
import { OAuthFailure } from '../../domain/tokens/oauth-failure.js';

/** A form-encoded request body (RFC 6749 §3.2): each parameter once, as a string. */
export type FormParams = Record<string, string | undefined>;

/**
 * Parses application/x-www-form-urlencoded bodies on this surface only. A parameter sent twice is refused
 * (RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once").
 */
export function acceptFormBodies(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const params = new URLSearchParams(String(body));
    const out: FormParams = {};
    for (const [key, value] of params) {
      if (key in out) return done(new OAuthFailure('invalid_request', `parameter ${key.slice(0, 40)} is repeated`), undefined);
      out[key] = value;
    }
    done(null, out);
  });
}

/** The request's parameters: a form or JSON body, of strings only. */
export function paramsOf(request: FastifyRequest): FormParams {
  const body = request.body;
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new OAuthFailure('invalid_request', 'the body must be form-encoded');
  const out: FormParams = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw new OAuthFailure('invalid_request', `parameter ${key.slice(0, 40)} must be a string`);
    out[key] = value;
  }
  return out;
}

/**
 * Client credentials (RFC 6749 §2.3.1): the Basic header, whose parts are form-encoded, or client_id /
 * client_secret in the body. When both name a client they must name the same one.
 */
export function presentedClient(request: FastifyRequest, params: FormParams): PresentedClient {
  const header = request.headers.authorization?.trim();
  const basic = header && /^basic\s+(.+)$/i.exec(header);
  if (!basic) return { clientId: params.client_id, clientSecret: params.client_secret };
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  let clientId: string;
  let clientSecret: string;
  try {
    clientId = decodeURIComponent((colon < 0 ? decoded : decoded.slice(0, colon)).replace(/\+/g, ' '));
    clientSecret = colon < 0 ? '' : decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
  } catch {
    throw new OAuthFailure('invalid_client');
  }
  if (params.client_id !== undefined && params.client_id !== clientId) throw new OAuthFailure('invalid_client', 'client_id differs from the Basic header');
  return { clientId, clientSecret };
}

/** Token answers are never cached (RFC 6749 §5.1). */
export function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
}

/**
 * Errors on this surface in the RFC shape `{error, error_description}`; a schema failure is an
 * invalid_request. Anything else goes to the root handler (plain catalog body, 500 logged, 503 on outage).
 */
export function installOAuthErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (isOAuthFailure(error)) return sendOAuthError(request, reply, error);
    if (error.validation) {
      const first = error.validation[0];
      const where = `${error.validationContext ?? 'body'}${first?.instancePath ?? ''}`;
      return sendOAuthError(request, reply, new OAuthFailure('invalid_request', `${where} ${first?.message ?? 'is invalid'}`));
    }
    // A body that is not a form (or JSON) at all; a too-large one keeps its 413.
    if (error.code?.startsWith('FST_ERR_CTP_') && error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendOAuthError(request, reply, new OAuthFailure('invalid_request', 'the body must be application/x-www-form-urlencoded'));
    }
    throw error;
  });
}

function sendOAuthError(request: FastifyRequest, reply: FastifyReply, failure: OAuthFailure): FastifyReply {
  const { httpStatus, description } = OAUTH_ERRORS[failure.code];
  if (failure.code === 'invalid_client' && /^basic\s/i.test(request.headers.authorization ?? '')) {
    void reply.header('www-authenticate', 'Basic realm="tessera"');
  }
  if (failure.code === 'invalid_token') void reply.header('www-authenticate', 'Bearer error="invalid_token"');
  return noStore(reply)
    .code(httpStatus)
    .type('application/json; charset=utf-8')
    .serializer(JSON.stringify)
    .send({ error: failure.code, error_description: failure.description ?? description });
}
