import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import {
  AuthenticationOptionsDataSchema,
  CheckCredentialIdsDtoSchema,
  EnvelopeSchema,
  FinalizeWebAuthnLoginDtoSchema,
  IsSuccessDataSchema,
  ListPasskeysDataSchema,
  ListPasskeysDtoSchema,
  ListPasskeysQuerySchema,
  PasskeyIdParamsSchema,
  RegistrationOptionsDataSchema,
  RemovePasskeysByCodeDtoSchema,
  RenamePasskeyDtoSchema,
  VerifyAuthenticationDtoSchema,
  VerifyAuthenticationResultDataSchema,
  VerifyRegistrationDtoSchema,
  VerifyRegistrationResultDataSchema,
  ValidCredentialIdsDataSchema,
} from '@tessera/contract';
import type { Services } from '../../runtime.js';
import { callerAppOf, callerOf, requestContext, requireApp, requireUser } from '../plugins/caller.js';
import { mfaTokenOf } from '../plugins/mfa-token.js';
import { successEnvelope } from './envelope.js';

const TAGS = ['webauthn'];

/**
 * Passkeys (WebAuthn) under /api/v3/webauthn: the eight methods both official SDKs share, and the Node-only
 * ones that carry their inputs (docs/passkeys.md lists those that cannot work against any server).
 */
export function webauthnRoutes(services: Services): FastifyPluginAsyncTypebox {
  const { passkeys } = services;
  const app$ = requireApp(services);
  const user = requireUser(services);
  // A 1636 mfaToken (bind a factor first) may bind a passkey, like any factor.
  const userOrEnrolling = requireUser(services, { allowEnrollmentToken: true });

  return async (app) => {
    // The Node SDK's body-less POSTs (…/initialize) go out as an empty form: accept it empty, nothing else.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 0 }, (_request, _body, done) => done(null, undefined));

    // --- binding -------------------------------------------------------------------------------------
    // initRegisterOptions, and Node's webAuthnRegisterInitalize / webAuthnMfaBindInitialize: the same options.
    routesAnswering(
      app,
      [
        ['GET', '/webauthn/registration', 'initRegisterOptions'],
        ['POST', '/webauthn/registration/initialize', 'webAuthnRegisterInitialize'],
        ['POST', '/webauthn/mfa-bind/initialize', 'webAuthnMfaBindInitialize'],
      ],
      {
        summary: 'Options for navigator.credentials.create() and their single-use ticket (signed-in user)',
        data: RegistrationOptionsDataSchema,
        onRequest: userOrEnrolling,
        answer: (request) => passkeys.startRegistration(callerOf(request)),
      },
    );

    app.post('/webauthn/registration', {
      schema: {
        operationId: 'verifyRegister',
        tags: TAGS,
        summary: 'Check the attestation and bind the passkey; verified false when it does not hold',
        body: VerifyRegistrationDtoSchema,
        response: { 200: EnvelopeSchema(VerifyRegistrationResultDataSchema) },
      },
      onRequest: userOrEnrolling,
      handler: async (request) => {
        const { ticket, registrationCredential, authenticatorCode, name } = request.body;
        const result = await passkeys.finishRegistration(
          callerOf(request),
          { ticket, credential: registrationCredential, authenticatorCode, ...(name ? { name } : {}) },
          requestContext(request),
        );
        return successEnvelope(request, result);
      },
    });

    // --- passwordless sign-in ------------------------------------------------------------------------
    // initAuthenticationOptions, and Node's webAuthnLoginInitalize: the same options.
    routesAnswering(
      app,
      [
        ['GET', '/webauthn/authentication', 'initAuthenticationOptions'],
        ['POST', '/webauthn/login/initialize', 'webAuthnLoginInitialize'],
      ],
      {
        summary: 'Options for navigator.credentials.get() with any discoverable passkey, and their ticket',
        data: AuthenticationOptionsDataSchema,
        onRequest: app$,
        answer: (request) => passkeys.startSignIn(callerAppOf(request), request.ip),
      },
    );

    const signInResult = { 200: EnvelopeSchema(VerifyAuthenticationResultDataSchema) };
    app.post('/webauthn/authentication', {
      schema: {
        operationId: 'verifyAuthentication',
        tags: TAGS,
        summary: 'Passwordless sign-in: a passkey with user verification answers a token set at aal2',
        body: VerifyAuthenticationDtoSchema,
        response: signInResult,
      },
      onRequest: app$,
      handler: async (request) => {
        const { ticket, authenticationCredential, options } = request.body;
        const input = { ticket, credential: authenticationCredential, ...(options?.scope ? { scope: options.scope } : {}) };
        return successEnvelope(request, await passkeys.finishSignIn(callerAppOf(request), input, requestContext(request)));
      },
    });
    app.post('/webauthn/login/finalize', {
      schema: {
        operationId: 'webAuthnLoginFinalize',
        tags: TAGS,
        summary: 'Passwordless sign-in (Node webAuthnLoginFinalize): the same, the assertion named `credential`',
        body: FinalizeWebAuthnLoginDtoSchema,
        response: signInResult,
      },
      onRequest: app$,
      handler: async (request) => {
        const { ticket, credential, options } = request.body;
        const input = { ticket, credential, ...(options?.scope ? { scope: options.scope } : {}) };
        return successEnvelope(request, await passkeys.finishSignIn(callerAppOf(request), input, requestContext(request)));
      },
    });

    // --- the second step of a sign-in ----------------------------------------------------------------
    app.post('/webauthn/mfa-verify/initialize', {
      schema: {
        operationId: 'webAuthnMfaVerifyInitialize',
        tags: TAGS,
        summary: "Options a bound passkey signs to answer a 1635; then POST /api/v2/mfa/passkey/verify",
        description: 'The mfaToken travels as `authorization: Bearer <mfaToken>` (the Node SDK sends no body).',
        response: { 200: EnvelopeSchema(AuthenticationOptionsDataSchema) },
      },
      onRequest: app$,
      handler: async (request) => {
        return successEnvelope(request, await passkeys.startSecondStep(callerAppOf(request), mfaTokenOf(request)));
      },
    });

    // --- the user's passkeys -------------------------------------------------------------------------
    const listAnswer = { 200: EnvelopeSchema(ListPasskeysDataSchema) };
    app.post('/webauthn/page-authenticator-device', {
      schema: { operationId: 'listCredentialsByPage', tags: TAGS, summary: "The signed-in user's passkeys", body: ListPasskeysDtoSchema, response: listAnswer },
      onRequest: user,
      handler: async (request) =>
        successEnvelope(request, await passkeys.list(callerOf(request).userId, request.body.page, request.body.limit)),
    });
    app.get('/webauthn/credentials', {
      schema: { operationId: 'listWebAuthnCredentials', tags: TAGS, summary: "The signed-in user's passkeys", querystring: ListPasskeysQuerySchema, response: listAnswer },
      onRequest: user,
      handler: async (request) =>
        successEnvelope(request, await passkeys.list(callerOf(request).userId, Number(request.query.page ?? 1), Number(request.query.limit ?? 10))),
    });

    app.post('/webauthn/check-valid-credentials-by-credIds', {
      schema: {
        operationId: 'checkValidCredentialsByCredIds',
        tags: TAGS,
        summary: 'Which of `credIds` are passkeys of the signed-in user',
        body: CheckCredentialIdsDtoSchema,
        response: { 200: EnvelopeSchema(ValidCredentialIdsDataSchema) },
      },
      onRequest: user,
      handler: async (request) => successEnvelope(request, await passkeys.validCredentialIds(callerOf(request).userId, request.body.credIds ?? [])),
    });

    const isSuccess = { 200: EnvelopeSchema(IsSuccessDataSchema) };
    app.post('/webauthn/remove-credentials-by-authenticator-code', {
      schema: {
        operationId: 'removeAllCredentials',
        tags: TAGS,
        summary: 'Remove the passkeys registered with `authenticatorCode`, or all of them (needs a recent second factor)',
        body: RemovePasskeysByCodeDtoSchema,
        response: isSuccess,
      },
      onRequest: user,
      handler: async (request) => {
        await passkeys.remove(callerOf(request), { authenticatorCode: request.body.authenticatorCode ?? null }, requestContext(request));
        return successEnvelope(request, { success: true });
      },
    });

    // removeCredential (both SDKs) and Node's deleteWebAuthnCredential: one passkey, named in the path.
    for (const [method, url, operationId] of [
      ['POST', '/webauthn/remove-credential/:credentialId', 'removeCredential'],
      ['DELETE', '/webauthn/credentials/:credentialId', 'deleteWebAuthnCredential'],
    ] as const) {
      app.route({
        method,
        url,
        schema: { operationId, tags: TAGS, summary: 'Remove one passkey (needs a recent second factor)', params: PasskeyIdParamsSchema, response: isSuccess },
        onRequest: user,
        handler: async (request) => {
          await passkeys.remove(callerOf(request), { credentialIds: [request.params.credentialId] }, requestContext(request));
          return successEnvelope(request, { success: true });
        },
      });
    }
    app.put('/webauthn/credentials/:credentialId', {
      schema: {
        operationId: 'updateWebAuthnCredential',
        tags: TAGS,
        summary: 'Rename one passkey',
        params: PasskeyIdParamsSchema,
        body: RenamePasskeyDtoSchema,
        response: isSuccess,
      },
      onRequest: user,
      handler: async (request) => {
        await passkeys.rename(callerOf(request), request.params.credentialId, request.body.name);
        return successEnvelope(request, { success: true });
      },
    });
  };
}

/** The same answer under each path an SDK calls for it (the GenAuth name and the Node-only alias). */
function routesAnswering(
  app: Parameters<FastifyPluginAsyncTypebox>[0],
  routes: readonly (readonly ['GET' | 'POST', string, string])[],
  route: { summary: string; data: TSchema; onRequest: (request: FastifyRequest) => Promise<void>; answer: (request: FastifyRequest) => Promise<unknown> },
): void {
  for (const [method, url, operationId] of routes) {
    app.route({
      method,
      url,
      schema: { operationId, tags: TAGS, summary: route.summary, response: { 200: EnvelopeSchema(route.data) } },
      onRequest: route.onRequest,
      handler: async (request) => successEnvelope(request, await route.answer(request)),
    });
  }
}
