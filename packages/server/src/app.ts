import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { registerOpenApi } from './http/openapi.js';
import { installErrorEnvelope } from './http/plugins/error-envelope.js';
import { isStoreUnavailable } from './storage/store-unavailable.js';
import { healthRoutes } from './http/routes/health.js';
import { oidcRoutes } from './http/routes/oidc.js';
import { accountRoutes } from './http/routes/v3-authentication/accounts.js';
import { factorEnrollmentRoutes } from './http/routes/v3-authentication/factor-enrollment.js';
import { factorRoutes } from './http/routes/v3-authentication/factors.js';
import { totpVerifyRoutes } from './http/routes/v3-authentication/totp-verify.js';
import { mfaTokenIntrospectionRoutes } from './http/routes/mfa-token-introspection.js';
import { mfaVerifyRoutes } from './http/routes/v2-mfa/mfa-verify.js';
import { sendCodeRoutes } from './http/routes/v3-authentication/send-code.js';
import type { Runtime } from './runtime.js';

/** Wires routes to services. Never listens: main.ts does, tests use inject() or listen on port 0. */
export async function buildApp(runtime: Runtime): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: runtime.logger as FastifyBaseLogger,
    bodyLimit: runtime.config.bodyLimitBytes,
    trustProxy: runtime.config.trustProxy,
    genReqId: () => randomUUID(),
    ajv: {
      customOptions: {
        // Strict input: no silent coercion ("123456" must be a string, not a number) and no silently
        // dropped unknown fields where a schema closes its object.
        coerceTypes: false,
        removeAdditional: false,
        allErrors: false,
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorEnvelope(app, isStoreUnavailable);
  await registerOpenApi(app);
  await app.register(healthRoutes(runtime));
  await app.register(oidcRoutes(runtime));
  await app.register(accountRoutes(runtime));
  await app.register(factorEnrollmentRoutes(runtime));
  await app.register(factorRoutes(runtime));
  await app.register(totpVerifyRoutes(runtime));
  // sign-in with MFA (docs/mfa-sign-in.md)
  await app.register(sendCodeRoutes(runtime));
  await app.register(mfaVerifyRoutes(runtime));
  await app.register(mfaTokenIntrospectionRoutes(runtime));
  return app;
}
