import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DisableGlobalMfaSettingsDtoSchema,
  EnvelopeSchema,
  GetMfaTriggerDataQuerySchema,
  ImportOtpDtoSchema,
  IsSuccessDataSchema,
  MfaSettingsDataSchema,
  MfaTriggerDataSchema,
  OtpImportReportSchema,
  OtpSecretDataSchema,
  SetMfaStatusDtoSchema,
  UpdateApplicationMfaSettingsDtoSchema,
  UpdateGlobalMfaSettingsDtoSchema,
  UserMfaInfoDataSchema,
  UserReferenceQuerySchema,
} from '@tessera/contract';
import type { MfaTriggerData } from '../../domain/management/management-mfa.js';
import type { Services } from '../../runtime.js';
import { successEnvelope } from '../v3/envelope.js';
import type { OtpImportEntry } from '../../domain/migration/import-otp.js';
import { managementCallerOf, managementContext } from './management-caller.js';

/** The official ManagementClient's MFA methods (spec §7). */
export function mfaRoutes(services: Services): FastifyPluginAsyncTypebox {
  const { mfa } = services.management;
  const tags = ['management'];
  return async (app) => {
    app.post('/import-otp', {
      schema: {
        operationId: 'importOtp',
        tags,
        summary: 'Bind TOTP secrets brought from another system (up to 1,000; each entry succeeds or fails on its own)',
        body: ImportOtpDtoSchema,
        response: { 200: EnvelopeSchema(OtpImportReportSchema) },
      },
      handler: async (request) => {
        const report = await services.migration.importOtp(request.body.list as OtpImportEntry[], {
          userIdType: request.body.options?.userIdType ?? null,
          actor: managementCallerOf(request).accessKeyId,
          context: managementContext(request),
        });
        return successEnvelope(request, report);
      },
    });

    app.get('/get-user-mfa-info', {
      schema: { operationId: 'getUserMfaInfo', tags, summary: "A user's status per factor type", querystring: UserReferenceQuerySchema, response: { 200: EnvelopeSchema(UserMfaInfoDataSchema) } },
      handler: async (request) => successEnvelope(request, await mfa.getUserMfaInfo(request.query)),
    });

    app.get('/get-mfa-status', {
      schema: { operationId: 'getUserMfaStatus', tags, summary: "A user's MFA trigger data", querystring: UserReferenceQuerySchema, response: { 200: EnvelopeSchema(MfaTriggerDataSchema) } },
      handler: async (request) => successEnvelope(request, await mfa.getMfaStatus(request.query)),
    });

    app.post('/set-mfa-status', {
      schema: { operationId: 'setUsersMfaStatus', tags, summary: "Store a user's MFA trigger data", body: SetMfaStatusDtoSchema, response: { 200: EnvelopeSchema(IsSuccessDataSchema) } },
      handler: async (request) => {
        const { userId, userIdType, mfaTriggerData } = request.body;
        const data = Object.fromEntries(Object.entries(mfaTriggerData).filter(([, value]) => value != null)) as MfaTriggerData;
        return successEnvelope(request, await mfa.setMfaStatus({ userId, userIdType }, data, managementContext(request)));
      },
    });

    app.get('/get-mfa-trigger-data', {
      schema: { operationId: 'getMfaTriggerData', tags, summary: 'What sign-in to an app would offer a user', querystring: GetMfaTriggerDataQuerySchema, response: { 200: EnvelopeSchema(MfaTriggerDataSchema) } },
      handler: async (request) => successEnvelope(request, await mfa.getMfaTriggerData(request.query.appId, request.query)),
    });

    app.post('/update-application-mfa-settings', {
      schema: { operationId: 'updateApplicationMfaSettings', tags, summary: "Enable or disable factor types for an app", body: UpdateApplicationMfaSettingsDtoSchema, response: { 200: EnvelopeSchema(MfaSettingsDataSchema) } },
      handler: async (request) => {
        const { appId, enabledFactors, disabledFactors } = request.body;
        const settings = await mfa.updateApplicationMfaSettings(
          { appId, ...(enabledFactors ? { enabledFactors } : {}), ...(disabledFactors ? { disabledFactors } : {}) },
          managementContext(request),
        );
        return successEnvelope(request, settings);
      },
    });

    app.get('/get-global-mfa-settings', {
      schema: { operationId: 'getGlobalMfaSettings', tags, summary: 'Factor types enabled for the whole pool', response: { 200: EnvelopeSchema(MfaSettingsDataSchema) } },
      handler: async (request) => successEnvelope(request, await mfa.getGlobalMfaSettings()),
    });

    app.post('/update-global-mfa-settings', {
      schema: { operationId: 'updateGlobalMfaSettings', tags, summary: 'Set the factor types enabled for the whole pool', body: UpdateGlobalMfaSettingsDtoSchema, response: { 200: EnvelopeSchema(MfaSettingsDataSchema) } },
      handler: async (request) => successEnvelope(request, await mfa.updateGlobalMfaSettings(request.body.enabledFactors, managementContext(request))),
    });

    app.post('/disable-global-mfa-settings', {
      schema: { operationId: 'closeGlobalMfaSettings', tags, summary: 'Turn factor types off for the whole pool', body: DisableGlobalMfaSettingsDtoSchema, response: { 200: EnvelopeSchema(MfaSettingsDataSchema) } },
      handler: async (request) => successEnvelope(request, await mfa.disableGlobalMfaSettings(request.body.disableFactors, managementContext(request))),
    });

    app.get('/get-otp-secret-by-user', {
      schema: {
        operationId: 'getOtpSecretByUser',
        tags,
        summary: "A user's TOTP secret (off unless TESSERA_ALLOW_OTP_SECRET_EXPORT=true; audited)",
        querystring: UserReferenceQuerySchema,
        response: { 200: EnvelopeSchema(OtpSecretDataSchema) },
      },
      handler: async (request) => successEnvelope(request, await mfa.getOtpSecret(request.query, managementContext(request))),
    });
  };
}
