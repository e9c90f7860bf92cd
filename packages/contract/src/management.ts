import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Loose, UserDtoSchema } from './accounts.js';
import { FactorTypeSchema } from './factors.js';
import { InputText } from './input-text.js';

/**
 * The management API (spec §2.3, §2.4, §7): what the official ManagementClient (Node and Python) sends
 * and reads, with GenAuth's field names. Objects accept fields beyond the listed ones, as GenAuth's DTOs do.
 */

/** The Python SDK sends nested `None` values as `null`. */
const Nullable = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));
const Text = (maxLength = 256) => InputText({ minLength: 1, maxLength });

export const UserIdTypeSchema = InputText({
  maxLength: 32,
  description: 'How userId is read: user_id (default), email, phone, username, external_id',
});

// POST /api/v3/get-management-token
export const GetManagementTokenDtoSchema = Loose({ accessKeyId: Text(64), accessKeySecret: Text(256) });
export const ManagementTokenDataSchema = Type.Object({
  access_token: Type.String({ description: 'ES256 JWT with scoped_userpool_id; send as Bearer' }),
  expires_in: Type.Integer({ description: 'Seconds' }),
});

// GET ?userId&userIdType (get-user-mfa-info, get-mfa-status, get-otp-secret-by-user, get-user)
export const UserReferenceQuerySchema = Loose({ userId: Text(), userIdType: Type.Optional(UserIdTypeSchema) });
export type UserReferenceQuery = Static<typeof UserReferenceQuerySchema>;

export const UserMfaInfoDataSchema = Type.Object({
  totpStatus: Type.String(),
  faceMfaStatus: Type.String(),
  smsMfaStatus: Type.String(),
  emailMfaStatus: Type.String(),
});

/** GetMfaInfoDataDto. */
export const MfaTriggerDataSchema = Type.Object(
  {
    mfaToken: Type.String(),
    mfaPhone: Type.Optional(Type.String()),
    mfaPhoneCountryCode: Type.Optional(Type.String()),
    mfaEmail: Type.Optional(Type.String()),
    nickname: Type.Optional(Type.String()),
    username: Type.Optional(Type.String()),
    phone: Type.Optional(Type.String()),
    phoneCountryCode: Type.Optional(Type.String()),
    faceMfaEnabled: Type.Optional(Type.Boolean()),
    totpMfaEnabled: Type.Optional(Type.Boolean()),
    applicationMfa: Type.Array(Type.Object({ mfaPolicy: Type.String(), status: Type.Number(), sort: Type.Number() })),
  },
  { additionalProperties: true },
);

export const SetMfaStatusDtoSchema = Loose({
  mfaTriggerData: Loose({
    mfaToken: InputText({ maxLength: 2048 }),
    mfaPhone: Nullable(Text(32)),
    mfaPhoneCountryCode: Nullable(Text(8)),
    mfaEmail: Nullable(Text(254)),
    nickname: Nullable(Text()),
    username: Nullable(Text()),
    phone: Nullable(Text(32)),
    phoneCountryCode: Nullable(Text(8)),
    faceMfaEnabled: Nullable(Type.Boolean()),
    totpMfaEnabled: Nullable(Type.Boolean()),
    applicationMfa: Type.Array(
      Type.Object({ mfaPolicy: Text(32), status: Type.Number(), sort: Type.Number() }, { additionalProperties: false }),
      { maxItems: 16 },
    ),
  }),
  userId: Text(),
  userIdType: Nullable(UserIdTypeSchema),
});

export const GetMfaTriggerDataQuerySchema = Loose({ appId: Text(64), userId: Text(), userIdType: Type.Optional(UserIdTypeSchema) });

const FactorListSchema = Type.Array(FactorTypeSchema, { maxItems: 8 });
export const UpdateApplicationMfaSettingsDtoSchema = Loose({
  appId: Text(64),
  enabledFactors: Nullable(FactorListSchema),
  disabledFactors: Nullable(FactorListSchema),
});
export const MfaSettingsDataSchema = Type.Object({ enabledFactors: Type.Array(FactorTypeSchema) });
export const UpdateGlobalMfaSettingsDtoSchema = Loose({ enabledFactors: FactorListSchema });
/** Note GenAuth's spelling: `disableFactors`. */
export const DisableGlobalMfaSettingsDtoSchema = Loose({ disableFactors: FactorListSchema });

export const OtpSecretDataSchema = Type.Object({ secret: Type.String({ description: 'Base32 TOTP secret' }) });

/** `otp: {secret, recoveryCode?}` of import-otp entries and create-user. */
export const ImportedOtpSchema = Loose({ secret: Text(128), recoveryCode: Nullable(Text(128)) });

/** Fields of CreateUserReqDto / UpdateUserReqDto Tessera keeps; the rest are accepted and ignored. */
const userFields = {
  email: Nullable(Text(254)),
  phone: Nullable(Text(32)),
  phoneCountryCode: Nullable(Text(8)),
  username: Nullable(Text(64)),
  externalId: Nullable(Text(128)),
  password: Nullable(InputText({ minLength: 1, maxLength: 1024 })),
  name: Nullable(Text()),
  nickname: Nullable(Text()),
  photo: Nullable(Text(2048)),
  gender: Nullable(Type.Union([Type.Literal('M'), Type.Literal('F'), Type.Literal('U')])),
};

export const CreateUserDtoSchema = Loose({ ...userFields, otp: Type.Optional(ImportedOtpSchema) });
export type CreateUserDto = Static<typeof CreateUserDtoSchema>;
export const UpdateUserDtoSchema = Loose({
  userId: Text(),
  ...userFields,
  options: Type.Optional(Loose({ userIdType: Nullable(UserIdTypeSchema) })),
});
export type UpdateUserDto = Static<typeof UpdateUserDtoSchema>;

/** Management answers name the external id too. */
export const ManagedUserDtoSchema = Type.Composite([UserDtoSchema, Type.Object({ externalId: Type.Optional(Type.String()) })]);

export const ListUsersDtoSchema = Loose({
  keywords: Nullable(Text()),
  advancedFilter: Nullable(
    Type.Array(Loose({ field: Text(64), operator: Text(32), value: Type.Optional(Type.Unknown()) }), { maxItems: 8 }),
  ),
  options: Nullable(
    Loose({
      pagination: Nullable(Loose({ page: Nullable(Type.Integer({ minimum: 1 })), limit: Nullable(Type.Integer({ minimum: 1, maximum: 50 })) })),
    }),
  ),
});
export type ListUsersDto = Static<typeof ListUsersDtoSchema>;
export const UserPagingDataSchema = Type.Object({ totalCount: Type.Integer(), list: Type.Array(ManagedUserDtoSchema) });

export const DeleteUsersBatchDtoSchema = Loose({
  userIds: Type.Array(Text(), { minItems: 1, maxItems: 100 }),
  options: Nullable(Loose({ userIdType: Nullable(UserIdTypeSchema) })),
});
export const IsSuccessDataSchema = Type.Object({ success: Type.Boolean() });

// POST /api/v3/import-otp: entries are checked one by one by the use case, so one bad entry never fails the call.
export const ImportOtpDtoSchema = Loose({
  list: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 1000 }),
  options: Nullable(Loose({ userIdType: Nullable(UserIdTypeSchema) })),
});
/** Tessera's addition to GenAuth's bare answer: which entries failed and why. */
export const OtpImportReportSchema = Type.Object({
  imported: Type.Integer(),
  refused: Type.Integer(),
  results: Type.Array(
    Type.Object({
      index: Type.Integer(),
      userId: Type.String(),
      imported: Type.Boolean(),
      factorId: Type.Optional(Type.String()),
      reason: Type.Optional(Type.String({ description: 'invalid-entry, unsupported-user-id-type, invalid-secret, unsupported-otp-parameters, invalid-recovery-code, unknown-user, already-bound' })),
    }),
  ),
});

// --- Tessera's own admin endpoints (issue 11): /api/v3/tessera/*, management-authenticated -------------

const Digits = (description: string) => Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$', description }));
export const UserReferenceDtoSchema = Loose({ userId: Text(), userIdType: Nullable(UserIdTypeSchema) });
export const ResetUserFactorsDtoSchema = Loose({
  userId: Text(),
  userIdType: Nullable(UserIdTypeSchema),
  factorId: Nullable(Text(64)),
});
export const ResetUserFactorsDataSchema = Type.Object({ removedFactorIds: Type.Array(Type.String()), revokedSessions: Type.Integer() });
export const UnlockUserDataSchema = Type.Object({ userId: Type.String(), previousConsecutiveFailures: Type.Integer(), unlocked: Type.Boolean() });
export const UserSessionsDataSchema = Type.Array(
  Type.Object({
    sessionId: Type.String(),
    appId: Type.String(),
    aal: Type.String(),
    amr: Type.Array(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
    lastUsedAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.String({ format: 'date-time' }),
  }),
);
export const RevokeUserSessionsDtoSchema = Loose({
  userId: Text(),
  userIdType: Nullable(UserIdTypeSchema),
  sessionId: Nullable(Text(128)),
});
export const RevokeUserSessionsDataSchema = Type.Object({ revokedSessions: Type.Integer() });
export const ListAuditEventsQuerySchema = Loose({
  userId: Type.Optional(Text()),
  userIdType: Type.Optional(UserIdTypeSchema),
  type: Type.Optional(Text(64)),
  from: Digits('Epoch milliseconds, inclusive'),
  to: Digits('Epoch milliseconds, exclusive'),
  cursor: Type.Optional(Text(64)),
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$', description: '1 to 1000, default 100' })),
});
export const AuditPageDataSchema = Type.Object({
  events: Type.Array(
    Type.Object({
      id: Type.String(),
      at: Type.String({ format: 'date-time' }),
      type: Type.String(),
      outcome: Type.Union([Type.String(), Type.Null()]),
      userId: Type.Union([Type.String(), Type.Null()]),
      appId: Type.Union([Type.String(), Type.Null()]),
      factorType: Type.Union([Type.String(), Type.Null()]),
      via: Type.Union([Type.String(), Type.Null()]),
      ip: Type.Union([Type.String(), Type.Null()]),
      userAgent: Type.Union([Type.String(), Type.Null()]),
      detail: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
    }),
  ),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the next page; null on the last one' }),
});
export const ListDeliveriesQuerySchema = Loose({
  userId: Type.Optional(Text()),
  userIdType: Type.Optional(UserIdTypeSchema),
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$', description: '1 to 1000, default 100' })),
});
export const DeliveriesDataSchema = Type.Array(
  Type.Object({
    id: Type.String(),
    userId: Type.String(),
    channel: Type.String(),
    purpose: Type.String(),
    maskedDestination: Type.String(),
    provider: Type.Union([Type.String(), Type.Null()]),
    outcome: Type.String(),
    reason: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
  }),
);
