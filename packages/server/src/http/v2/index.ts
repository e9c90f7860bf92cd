import type { FastifyPluginAsync } from 'fastify';
import { installErrorEnvelope } from '../plugins/error-envelope.js';
import type { HttpDeps } from '../plugins/http-deps.js';
import { V2_ENVELOPE } from './envelope.js';
import { mfaVerifyRoutes } from './mfa-verify.js';

/** GenAuth's V2 MFA redemption endpoints, mounted at /api/v2, in the V2 envelope `{code, message, data}`. */
export function v2Api(deps: HttpDeps): FastifyPluginAsync {
  return async (app) => {
    installErrorEnvelope(app, V2_ENVELOPE, deps.isStoreUnavailable);
    await app.register(mfaVerifyRoutes(deps.services));
  };
}
