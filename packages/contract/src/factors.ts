import { Type, type Static } from '@sinclair/typebox';
import { InputText } from './input-text.js';

/**
 * The factor types of the V3 API (spec §3). FACE needs a configured face-comparison provider; PASSKEY
 * (WebAuthn) is Tessera's addition (docs/compatibility.md).
 */
export const FACTOR_TYPES = ['OTP', 'SMS', 'EMAIL', 'FACE', 'PASSKEY'] as const;
export type FactorType = (typeof FACTOR_TYPES)[number];

export const FactorTypeSchema = Type.Union(
  FACTOR_TYPES.map((type) => Type.Literal(type)),
  { description: 'MFA factor type' },
);

/** Ids are 24 hex characters, like GenAuth's; the bound keeps hostile input out of the database. */
export const FactorIdSchema = InputText({ minLength: 1, maxLength: 64, description: 'Factor id' });

/**
 * FactorProfile (request to send-enroll-factor-request). Which fields are needed depends on the type:
 * SMS needs `phoneNumber` (country code apart, default +86), EMAIL needs `email`, OTP takes `{}`.
 */
export const FactorProfileSchema = Type.Object(
  {
    phoneNumber: Type.Optional(InputText({ minLength: 1, maxLength: 32 })),
    phoneCountryCode: Type.Optional(Type.Union([InputText({ minLength: 1, maxLength: 8 }), Type.Null()])),
    email: Type.Optional(InputText({ minLength: 1, maxLength: 254 })),
  },
  { additionalProperties: false },
);
export type FactorProfile = Static<typeof FactorProfileSchema>;

/** One passkey as the user sees it: a name, when it was made and used, never the key. */
export const PasskeySummarySchema = Type.Object(
  {
    credentialId: Type.String({ description: 'base64url credential id' }),
    name: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    transports: Type.Array(Type.String()),
    backedUp: Type.Boolean({ description: 'a synced (multi-device) passkey' }),
  },
  { additionalProperties: false },
);
export type PasskeySummary = Static<typeof PasskeySummarySchema>;

/** The public profile of a bound factor: where codes go, never a secret. */
export const FactorPublicProfileSchema = Type.Object(
  {
    phoneNumber: Type.Optional(Type.String()),
    phoneCountryCode: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
    /** PASSKEY only: the user's passkeys, never a key. */
    passkeys: Type.Optional(Type.Array(PasskeySummarySchema)),
  },
  { additionalProperties: false },
);

/** FactorDto: one bound factor. The response schema drops any other field before it reaches the wire. */
export const FactorDtoSchema = Type.Object(
  {
    factorId: Type.String(),
    factorType: FactorTypeSchema,
    profile: FactorPublicProfileSchema,
  },
  { additionalProperties: false },
);
export type FactorDto = Static<typeof FactorDtoSchema>;

/** FactorToEnrollDto: a type the app enables and the user has not bound. */
export const FactorToEnrollDtoSchema = Type.Object({ factorType: FactorTypeSchema }, { additionalProperties: false });
export type FactorToEnrollDto = Static<typeof FactorToEnrollDtoSchema>;
