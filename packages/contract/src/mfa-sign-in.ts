import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { EnvelopeBaseSchema } from './envelope.js';
import { UserDtoSchema } from './accounts.js';
import { FacePhotoSchema } from './face.js';
import { InputText } from './input-text.js';

/**
 * Sign-in with MFA (spec §0, §4, §5.3): the 1635/1636 answer of `/api/v3/signin`, the V2 endpoints that
 * redeem its `mfaToken`, the code-sending endpoints and `/mfa/token/introspection`.
 */

// --- the challenge answered by POST /api/v3/signin --------------------------------------------------

/** One entry of `applicationMfa` (GetMfaInfoDataDto, spec §7): a factor type the app offers. */
export const ApplicationMfaDtoSchema = Type.Object({
  mfaPolicy: Type.String({ description: 'Factor type, e.g. "OTP", "SMS", "EMAIL"' }),
  status: Type.Integer({ description: '1: the user can answer the challenge with it; 0: not bound' }),
  sort: Type.Integer({ description: 'Display order' }),
});
export type ApplicationMfaDto = Static<typeof ApplicationMfaDtoSchema>;

/**
 * `data` of the 1635 (verify a bound factor) and 1636 (bind a factor first) answers: GetMfaInfoDataDto's
 * fields. Phone and email are masked; the client asks the user to type the full value when redeeming.
 */
export const MfaRequiredDataDtoSchema = Type.Object({
  mfaToken: Type.String({ description: 'Opaque, single use, valid 5 minutes; send as `authorization: Bearer <mfaToken>`' }),
  totpMfaEnabled: Type.Boolean(),
  faceMfaEnabled: Type.Boolean(),
  mfaPhone: Type.Optional(Type.String({ description: 'Masked national number, e.g. 138****8000' })),
  mfaPhoneCountryCode: Type.Optional(Type.String()),
  mfaEmail: Type.Optional(Type.String({ description: 'Masked address, e.g. a***@example.com' })),
  applicationMfa: Type.Array(ApplicationMfaDtoSchema),
});
export type MfaRequiredDataDto = Static<typeof MfaRequiredDataDtoSchema>;

/** apiCode 1635: a second factor is required; 1636: the app requires MFA and the user must bind a factor first. */
export const MFA_REQUIRED_API_CODES = { verify: 1635, enroll: 1636 } as const;

/** The V3 envelope of a sign-in that needs a second step: `statusCode` 499, no access token. */
export const MfaRequiredEnvelopeSchema = Type.Composite([
  EnvelopeBaseSchema,
  Type.Object({
    statusCode: Type.Literal(499),
    apiCode: Type.Union([Type.Literal(1635), Type.Literal(1636)]),
    data: MfaRequiredDataDtoSchema,
  }),
]);
export type MfaRequiredEnvelope = Static<typeof MfaRequiredEnvelopeSchema>;

// --- V2 redemption endpoints (spec §5.3): authorization: Bearer <mfaToken> ------------------------

/** POST /api/v2/mfa/totp/verify */
export const VerifyTotpMfaDtoSchema = Type.Object(
  { totp: InputText({ maxLength: 16 }), authenticatorType: Type.Optional(InputText({ maxLength: 16 })) },
  { additionalProperties: false },
);
export type VerifyTotpMfaDto = Static<typeof VerifyTotpMfaDtoSchema>;

/** POST /api/v2/mfa/face/verify: a photo of the face bound with FACE (a `data:` URL or an allow-listed https URL). */
export const VerifyFaceMfaDtoSchema = Type.Object({ photo: FacePhotoSchema }, { additionalProperties: false });
export type VerifyFaceMfaDto = Static<typeof VerifyFaceMfaDtoSchema>;

/** POST /api/v2/applications/mfa/sms/verify: `phone` is the bound number (national or E.164). */
export const VerifyAppSmsMfaDtoSchema = Type.Object(
  { phone: InputText({ minLength: 1, maxLength: 32 }), code: InputText({ maxLength: 16 }) },
  { additionalProperties: false },
);
export type VerifyAppSmsMfaDto = Static<typeof VerifyAppSmsMfaDtoSchema>;

/** POST /api/v2/applications/mfa/email/verify */
export const VerifyAppEmailMfaDtoSchema = Type.Object(
  { email: InputText({ minLength: 1, maxLength: 254 }), code: InputText({ maxLength: 16 }) },
  { additionalProperties: false },
);
export type VerifyAppEmailMfaDto = Static<typeof VerifyAppEmailMfaDtoSchema>;

/** POST /api/v2/mfa/totp/recovery */
export const VerifyTotpRecoveryCodeDtoSchema = Type.Object(
  { recoveryCode: InputText({ maxLength: 64 }), authenticatorType: Type.Optional(InputText({ maxLength: 16 })) },
  { additionalProperties: false },
);
export type VerifyTotpRecoveryCodeDto = Static<typeof VerifyTotpRecoveryCodeDtoSchema>;

/** The V2 user object of a completed sign-in: the V3 UserDto plus `id`, the login `token` and its expiry. */
export const MfaSignInUserDtoSchema = Type.Composite([
  UserDtoSchema,
  Type.Object({
    id: Type.String({ description: 'Same as userId (V2 name)' }),
    token: Type.String({ description: 'The access token: ES256 JWT with sid, amr and acr claims' }),
    tokenExpiredAt: Type.String({ format: 'date-time' }),
    refresh_token: Type.Optional(Type.String({ description: "With offline_access in the sign-in's scope: opaque, rotated on every use at /oidc/token" })),
    id_token: Type.Optional(Type.String({ description: "With openid in the sign-in's scope: the OIDC id token (amr, acr, auth_time, sid)" })),
  }),
]);
export type MfaSignInUserDto = Static<typeof MfaSignInUserDtoSchema>;

/** V2 envelope: `code` 200 on success, else the catalog's apiCode; always HTTP 200. */
export function V2EnvelopeSchema<T extends TSchema>(data: T) {
  return Type.Object({
    code: Type.Integer(),
    message: Type.String(),
    data: Type.Optional(data),
  });
}
export interface V2Envelope<T> {
  code: number;
  message: string;
  data?: T;
}

/** The recovery-code answer carries the replacement code next to `data`, shown this once. */
export const V2RecoveryEnvelopeSchema = Type.Composite([
  V2EnvelopeSchema(MfaSignInUserDtoSchema),
  Type.Object({ recoveryCode: Type.Optional(Type.String({ description: 'The new recovery code; the used one is void' })) }),
]);
export type V2RecoveryEnvelope = V2Envelope<MfaSignInUserDto> & { recoveryCode?: string };

// --- sending a code for a challenge: POST /api/v3/send-sms, /api/v3/send-email -----------------------

/** SendSMSDto.channel values (official SDK); Tessera serves CHANNEL_VERIFY_MFA. */
export const SMS_CHANNELS = [
  'CHANNEL_LOGIN', 'CHANNEL_REGISTER', 'CHANNEL_RESET_PASSWORD', 'CHANNEL_BIND_PHONE', 'CHANNEL_UNBIND_PHONE',
  'CHANNEL_BIND_MFA', 'CHANNEL_VERIFY_MFA', 'CHANNEL_UNBIND_MFA', 'CHANNEL_COMPLETE_PHONE',
  'CHANNEL_IDENTITY_VERIFICATION', 'CHANNEL_DELETE_ACCOUNT',
] as const;
/** SendEmailDto.channel values (official SDK); Tessera serves CHANNEL_VERIFY_MFA. */
export const EMAIL_CHANNELS = [
  'CHANNEL_LOGIN', 'CHANNEL_REGISTER', 'CHANNEL_RESET_PASSWORD', 'CHANNEL_VERIFY_EMAIL_LINK', 'CHANNEL_UPDATE_EMAIL',
  'CHANNEL_BIND_EMAIL', 'CHANNEL_UNBIND_EMAIL', 'CHANNEL_VERIFY_MFA', 'CHANNEL_UNLOCK_ACCOUNT',
  'CHANNEL_COMPLETE_EMAIL', 'CHANNEL_DELETE_ACCOUNT',
] as const;
export type SmsChannel = (typeof SMS_CHANNELS)[number];
export type EmailChannel = (typeof EMAIL_CHANNELS)[number];

export const SendSmsDtoSchema = Type.Object(
  {
    channel: Type.Union(SMS_CHANNELS.map((c) => Type.Literal(c))),
    phoneNumber: InputText({ minLength: 1, maxLength: 32 }),
    phoneCountryCode: Type.Optional(Type.Union([InputText({ minLength: 1, maxLength: 8 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type SendSmsDto = Static<typeof SendSmsDtoSchema>;

export const SendEmailDtoSchema = Type.Object(
  { channel: Type.Union(EMAIL_CHANNELS.map((c) => Type.Literal(c))), email: InputText({ minLength: 1, maxLength: 254 }) },
  { additionalProperties: false },
);
export type SendEmailDto = Static<typeof SendEmailDtoSchema>;

// --- POST /mfa/token/introspection (spec §4): not wrapped in the envelope --------------------------

export const MfaTokenIntrospectParamsSchema = Type.Object({ token: Type.Optional(InputText({ maxLength: 256 })) });
export type MfaTokenIntrospectParams = Static<typeof MfaTokenIntrospectParamsSchema>;

export const MfaTokenIntrospectResponseSchema = Type.Object({
  active: Type.Boolean(),
  userPoolId: Type.Optional(Type.String()),
  userId: Type.Optional(Type.String()),
  exp: Type.Optional(Type.Integer({ description: 'Expiry, seconds since the epoch' })),
  iat: Type.Optional(Type.Integer({ description: 'Issued at, seconds since the epoch' })),
});
export type MfaTokenIntrospectResponse = Static<typeof MfaTokenIntrospectResponseSchema>;
