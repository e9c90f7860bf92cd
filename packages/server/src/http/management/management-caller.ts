import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../../domain/audit/audit-trail.js';
import { isTesseraError } from '../../domain/errors.js';
import type { ManagementCaller } from '../../domain/management/management-auth.js';
import { parseSignatureAuthorization, type SignedRequest } from '../../domain/management/request-signature.js';
import type { Services } from '../../runtime.js';
import { requestContext } from '../plugins/caller.js';

const callers = new WeakMap<FastifyRequest, ManagementCaller>();
const failures = new WeakMap<FastifyRequest, string>();

/** The request as the client signed it (spec §8): the decoded query for GET, the parsed JSON body otherwise. */
function signedRequestOf(request: FastifyRequest): SignedRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name] = Array.isArray(value) ? value.join(',') : value;
  return {
    method: request.method,
    path: request.url.split('?')[0]!,
    headers,
    params: request.method === 'GET' ? request.query : request.body,
  };
}

/**
 * The management plugin's hooks: authenticate every call (after the body is parsed, which the signature
 * covers, and before it is validated), and audit every call with its access key, refused ones included.
 */
export function managementHooks(services: Services) {
  const { auth } = services.management;
  const route = (request: FastifyRequest) => (request.routeOptions.url ?? request.url).replace(/^\/api\/v3\//, '');

  return {
    async authenticate(request: FastifyRequest): Promise<void> {
      try {
        callers.set(request, await auth.authenticate(signedRequestOf(request)));
      } catch (error) {
        const claimed = parseSignatureAuthorization(request.headers.authorization)?.accessKeyId ?? null;
        await auth.record({ accessKeyId: claimed, route: route(request), outcome: 'failed', ...(isTesseraError(error) ? { error: error.code } : {}) }, requestContext(request));
        throw error;
      }
    },
    /** onError: remember what failed, for the audit line written when the answer has gone. */
    async noteFailure(request: FastifyRequest, _reply: unknown, error: Error): Promise<void> {
      failures.set(request, isTesseraError(error) ? error.code : 'INTERNAL_ERROR');
    },
    async audit(request: FastifyRequest): Promise<void> {
      const caller = callers.get(request);
      if (!caller) return; // refused calls were recorded when authentication failed
      const error = failures.get(request);
      await auth.record({ accessKeyId: caller.accessKeyId, route: route(request), outcome: error ? 'failed' : 'ok', ...(error ? { error } : {}) }, requestContext(request));
    },
  };
}

/** The access key of an authenticated management call. */
export function managementCallerOf(request: FastifyRequest): ManagementCaller {
  const caller = callers.get(request);
  if (!caller) throw new Error('route is missing the management authentication hook');
  return caller;
}

/** Who made a management call, for the audit trail of what it changed. */
export function managementContext(request: FastifyRequest): RequestContext {
  return { ...requestContext(request), appId: null };
}
