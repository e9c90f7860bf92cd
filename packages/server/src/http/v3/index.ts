import type { FastifyPluginAsync } from 'fastify';
import type { HttpDeps } from '../plugins/http-deps.js';
import { installErrorEnvelope } from '../plugins/error-envelope.js';
import { managementApi } from '../management/index.js';
import { accountRoutes } from './accounts.js';
import { V3_API_ENVELOPE } from './envelope.js';
import { factorEnrollmentRoutes } from './factor-enrollment.js';
import { factorRoutes } from './factors.js';
import { faceUploadRoutes } from './face-upload.js';
import { profileRoutes } from './profile.js';
import { sendCodeRoutes } from './send-code.js';
import { totpVerifyRoutes } from './totp-verify.js';
import { webauthnRoutes } from './webauthn.js';

/**
 * The GenAuth V3 authentication API, mounted at /api/v3: every answer, failures included, is HTTP 200 with
 * a business statusCode in the V3 envelope (spec §0).
 */
export function v3Api(deps: HttpDeps): FastifyPluginAsync {
  return async (app) => {
    installErrorEnvelope(app, V3_API_ENVELOPE, deps.isStoreUnavailable);
    await app.register(accountRoutes(deps.services));
    await app.register(factorEnrollmentRoutes(deps.services));
    await app.register(factorRoutes(deps.services));
    await app.register(totpVerifyRoutes(deps.services));
    // sign-in with MFA: codes for a challenge (docs/mfa-sign-in.md)
    await app.register(sendCodeRoutes(deps.services));
    await app.register(profileRoutes(deps.services));
    // the management API (spec §7): its own authentication, the same envelope
    await app.register(managementApi(deps));
    await app.register(webauthnRoutes(deps.services));
    await app.register(faceUploadRoutes(deps.services));
  };
}
