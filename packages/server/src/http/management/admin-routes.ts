import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AuditPageDataSchema,
  DeliveriesDataSchema,
  EnvelopeSchema,
  ListAuditEventsQuerySchema,
  ListDeliveriesQuerySchema,
  ListEnrolledFactorsDataSchema,
  RegenerateRecoveryCodeDataSchema,
  ResetUserFactorsDataSchema,
  ResetUserFactorsDtoSchema,
  RevokeUserSessionsDataSchema,
  RevokeUserSessionsDtoSchema,
  UnlockUserDataSchema,
  UserReferenceDtoSchema,
  UserReferenceQuerySchema,
  UserSessionsDataSchema,
} from '@tessera/contract';
import { TesseraError } from '../../domain/errors.js';
import type { Services } from '../../runtime.js';
import { successEnvelope } from '../v3/envelope.js';
import { managementContext } from './management-caller.js';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

export function limitOf(text: string | undefined): number {
  const limit = text === undefined ? DEFAULT_LIMIT : Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new TesseraError('VALIDATION_FAILED', { detail: `limit must be from 1 to ${MAX_LIMIT}` });
  return limit;
}

/**
 * Tessera's own admin endpoints (issue 11), under /api/v3/tessera/: what the `tessera users …`, `audit` and
 * `deliveries` commands do, over the same domain functions. No official SDK calls them (spec §7).
 */
export function adminRoutes(services: Services): FastifyPluginAsyncTypebox {
  const { lookup } = services.management;
  const { userSecurity, admin } = services;
  const tags = ['tessera-admin'];
  const userIdOf = async (reference: { userId: string; userIdType?: string | null }) => (await lookup.require(reference)).id;
  return async (app) => {
    app.get('/tessera/list-user-factors', {
      schema: { operationId: 'listUserFactors', tags, summary: "A user's bound factors (never a secret)", querystring: UserReferenceQuerySchema, response: { 200: EnvelopeSchema(ListEnrolledFactorsDataSchema) } },
      handler: async (request) => successEnvelope(request, await userSecurity.listFactors(await userIdOf(request.query))),
    });

    app.post('/tessera/reset-user-factors', {
      schema: {
        operationId: 'resetUserFactors',
        tags,
        summary: "Remove one of a user's factors (factorId) or all of them; the user's sessions end and the holder is told",
        body: ResetUserFactorsDtoSchema,
        response: { 200: EnvelopeSchema(ResetUserFactorsDataSchema) },
      },
      handler: async (request) => {
        const userId = await userIdOf(request.body);
        return successEnvelope(request, await userSecurity.resetFactors(userId, request.body.factorId ?? undefined, managementContext(request)));
      },
    });

    app.post('/tessera/unlock-user', {
      schema: { operationId: 'unlockUser', tags, summary: "Clear a user's second-factor failure count and lock", body: UserReferenceDtoSchema, response: { 200: EnvelopeSchema(UnlockUserDataSchema) } },
      handler: async (request) => successEnvelope(request, await admin.unlockUser({ userId: await userIdOf(request.body) }, managementContext(request))),
    });

    app.post('/tessera/regenerate-recovery-code', {
      schema: {
        operationId: 'regenerateUserRecoveryCode',
        tags,
        summary: "A new recovery code for a user's OTP factor, shown once; the old one stops working",
        body: UserReferenceDtoSchema,
        response: { 200: EnvelopeSchema(RegenerateRecoveryCodeDataSchema) },
      },
      handler: async (request) => {
        const recoveryCode = await admin.regenerateRecoveryCode(await userIdOf(request.body), managementContext(request));
        return successEnvelope(request, { recoveryCode });
      },
    });

    app.get('/tessera/list-user-sessions', {
      schema: { operationId: 'listUserSessions', tags, summary: "A user's live sessions (never a token)", querystring: UserReferenceQuerySchema, response: { 200: EnvelopeSchema(UserSessionsDataSchema) } },
      handler: async (request) => successEnvelope(request, await userSecurity.listSessions(await userIdOf(request.query))),
    });

    app.post('/tessera/revoke-user-sessions', {
      schema: { operationId: 'revokeUserSessions', tags, summary: "End one of a user's sessions (sessionId) or all of them", body: RevokeUserSessionsDtoSchema, response: { 200: EnvelopeSchema(RevokeUserSessionsDataSchema) } },
      handler: async (request) => {
        const userId = await userIdOf(request.body);
        return successEnvelope(request, await userSecurity.revokeSessions(userId, request.body.sessionId ?? undefined, managementContext(request)));
      },
    });

    app.get('/tessera/list-audit-events', {
      schema: {
        operationId: 'listAuditEvents',
        tags,
        summary: 'The audit trail, oldest first: filter by user, type and time range; page with the cursor',
        querystring: ListAuditEventsQuerySchema,
        response: { 200: EnvelopeSchema(AuditPageDataSchema) },
      },
      handler: async (request) => {
        const { query } = request;
        const page = await userSecurity.queryAudit({
          ...(query.userId ? { userId: await userIdOf({ userId: query.userId, userIdType: query.userIdType }) } : {}),
          ...(query.type ? { type: query.type } : {}),
          ...(query.from ? { from: Number(query.from) } : {}),
          ...(query.to ? { to: Number(query.to) } : {}),
          ...(query.cursor ? { after: query.cursor } : {}),
          limit: limitOf(query.limit),
        });
        return successEnvelope(request, { ...page, events: page.events.map((event) => ({ ...event, at: new Date(event.at).toISOString() })) });
      },
    });

    app.get('/tessera/list-deliveries', {
      schema: { operationId: 'listDeliveries', tags, summary: 'The delivery log of codes and notices, newest first (never a code)', querystring: ListDeliveriesQuerySchema, response: { 200: EnvelopeSchema(DeliveriesDataSchema) } },
      handler: async (request) => {
        const { query } = request;
        const userId = query.userId ? await userIdOf({ userId: query.userId, userIdType: query.userIdType }) : undefined;
        const records = await admin.listDeliveries({ limit: limitOf(query.limit), ...(userId ? { userId } : {}) });
        return successEnvelope(request, records.map((record) => ({ ...record, createdAt: new Date(record.createdAt).toISOString() })));
      },
    });
  };
}
