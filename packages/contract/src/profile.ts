import { Type, type Static } from '@sinclair/typebox';

/** GET /api/v3/get-profile: query of the official SDK's getProfile (flags Tessera has no data for). */
export const GetProfileQuerySchema = Type.Object({
  withCustomData: Type.Optional(Type.String({ maxLength: 8 })),
  withIdentities: Type.Optional(Type.String({ maxLength: 8 })),
  withDepartmentIds: Type.Optional(Type.String({ maxLength: 8 })),
});

/** GET /api/v3/get-security-info: GetSecurityInfoDto of the official SDK, field for field. */
export const GetSecurityInfoDtoSchema = Type.Object({
  passwordSecurityLevel: Type.Integer({ description: '1 low, 2 medium, 3 high' }),
  mfaEnrolled: Type.Boolean(),
  passwordSet: Type.Boolean(),
  emailBinded: Type.Boolean(),
  phoneBinded: Type.Boolean(),
  securityScore: Type.Integer({ minimum: 0, maximum: 100 }),
});
export type GetSecurityInfoDto = Static<typeof GetSecurityInfoDtoSchema>;
