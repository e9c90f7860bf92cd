import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EnvelopeSchema, UploadFacePhotoDataDtoSchema, UploadFacePhotoDtoSchema } from '@tessera/contract';
import type { Services } from '../../runtime.js';
import { callerOf, requireUser } from '../plugins/caller.js';
import { successEnvelope } from './envelope.js';

/**
 * POST /api/v3/upload-face-photo (Tessera's own, docs/face.md): upload a face photo once, then pass the
 * answered `tessera-upload:<id>` as the `photo` of enroll-factor or /api/v2/mfa/face/verify. The caller is
 * the signed-in user (binding), or holds the mfaToken of a 1635/1636 answer (the sign-in's second step, or
 * binding before sign-in): the same token those routes take, not spent here.
 */
export function faceUploadRoutes(services: Services): FastifyPluginAsyncTypebox {
  const authenticate = requireUser(services, { allowEnrollmentToken: true, allowSignInToken: true });
  return async (app) => {
    app.post('/upload-face-photo', {
      schema: {
        operationId: 'uploadFacePhoto',
        tags: ['mfa-factor-management'],
        summary: "Tessera's own: upload a face photo for one later use (5 minutes) by the same user",
        body: UploadFacePhotoDtoSchema,
        response: { 200: EnvelopeSchema(UploadFacePhotoDataDtoSchema) },
      },
      bodyLimit: services.facePhotoBodyLimit,
      onRequest: authenticate,
      handler: async (request) => {
        return successEnvelope(request, await services.faceUploads.upload(callerOf(request), request.body.photo));
      },
    });
  };
}
