import { Type, type Static } from '@sinclair/typebox';
import {
  FactorDtoSchema,
  FactorIdSchema,
  FactorProfileSchema,
  FactorToEnrollDtoSchema,
  FactorTypeSchema,
} from './factors.js';
import { FacePhotoSchema } from './face.js';
import { InputText } from './input-text.js';

/** The seven "MFA factor management" endpoints (spec §3): request and `data` schemas. */

// 1. POST /api/v3/send-enroll-factor-request
export const SendEnrollFactorRequestDtoSchema = Type.Object(
  { profile: FactorProfileSchema, factorType: FactorTypeSchema },
  { additionalProperties: false },
);
export type SendEnrollFactorRequestDto = Static<typeof SendEnrollFactorRequestDtoSchema>;

export const OtpDataSchema = Type.Object({
  qrCodeUri: Type.String({ description: 'otpauth:// URI for authenticator apps' }),
  qrCodeDataUrl: Type.String({ description: 'PNG QR code of qrCodeUri as a data URL' }),
  recoveryCode: Type.String({ description: 'Shown once; stored only as a hash' }),
});
export const SendEnrollFactorRequestDataDtoSchema = Type.Object({
  enrollmentToken: Type.String({ description: 'Single use, valid for 60 s by default' }),
  otpData: Type.Optional(OtpDataSchema),
});
export type SendEnrollFactorRequestDataDto = Static<typeof SendEnrollFactorRequestDataDtoSchema>;

// 2. POST /api/v3/enroll-factor
export const EnrollFactorEnrollmentDataDtoSchema = Type.Object(
  {
    passCode: Type.Optional(InputText({ maxLength: 16, description: 'SMS/EMAIL code, or the current TOTP' })),
    photo: Type.Optional(FacePhotoSchema),
    isExternalPhoto: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const EnrollFactorDtoSchema = Type.Object(
  {
    enrollmentData: EnrollFactorEnrollmentDataDtoSchema,
    enrollmentToken: InputText({ minLength: 1, maxLength: 128 }),
    factorType: FactorTypeSchema,
  },
  { additionalProperties: false },
);
export type EnrollFactorDto = Static<typeof EnrollFactorDtoSchema>;

// 3. POST /api/v3/reset-factor
export const ResetFactorDtoSchema = Type.Object({ factorId: FactorIdSchema }, { additionalProperties: false });
export type ResetFactorDto = Static<typeof ResetFactorDtoSchema>;

// 4. GET /api/v3/list-enrolled-factors
export const ListEnrolledFactorsDataSchema = Type.Array(FactorDtoSchema);

// 5. GET /api/v3/get-factor?factorId=
export const GetFactorDtoSchema = Type.Object({ factorId: FactorIdSchema }, { additionalProperties: false });
export type GetFactorDto = Static<typeof GetFactorDtoSchema>;

// 6. GET /api/v3/list-factors-to-enroll
export const ListFactorsToEnrollDataSchema = Type.Array(FactorToEnrollDtoSchema);

// 7. POST /api/v3/mfa-totp-verify
export const MfaOtpVerifyDtoSchema = Type.Object(
  { totp: InputText({ maxLength: 16, description: 'The current 6-digit TOTP, e.g. "612311"' }) },
  { additionalProperties: false },
);
export type MfaOtpVerifyDto = Static<typeof MfaOtpVerifyDtoSchema>;
export const OtpVerifyDataSchema = Type.Object({ verified: Type.Boolean() });
export type OtpVerifyData = Static<typeof OtpVerifyDataSchema>;

// Tessera's own: POST /api/v3/regenerate-recovery-code (REC-04)
export const RegenerateRecoveryCodeDataSchema = Type.Object({
  recoveryCode: Type.String({ description: 'The new recovery code, shown this once; every older one no longer works' }),
});
export type RegenerateRecoveryCodeData = Static<typeof RegenerateRecoveryCodeDataSchema>;
