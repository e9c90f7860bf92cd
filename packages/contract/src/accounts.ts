import { Type, type Static, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';
import { BoundedJson, InputText } from './input-text.js';

/** Sign-up and sign-in (spec §5): only what the MFA module needs, with GenAuth's field names. */

/** The Python SDK sends nested `None` values as `null` (spec §2.2), so optional strings accept null. */
const OptionalText = (options: { minLength?: number; maxLength?: number } = {}) =>
  Type.Optional(Type.Union([InputText({ maxLength: 256, ...options }), Type.Null()]));

/**
 * An object that also accepts fields beyond the listed ones, as GenAuth's DTOs do. Tessera neither reads
 * nor stores those extra fields, except in the profile (see SignUpProfileSchema).
 */
export const Loose = <T extends TProperties>(properties: T, extra: TSchema | boolean = true) =>
  Type.Unsafe<Static<TObject<T>> & Record<string, unknown>>(Type.Object(properties, { additionalProperties: extra }));

export const CONNECTIONS = ['PASSWORD', 'PASSCODE', 'LDAP', 'AD'] as const;
export const ConnectionSchema = Type.Union(CONNECTIONS.map((c) => Type.Literal(c)));

// POST /api/v3/signup
/**
 * The profile is stored with the user, extra fields included (e.g. `customData`): those must be JSON of
 * bounded depth and size, or a 30,000-deep array would reach storage unchecked (issue 9, item 8).
 */
export const SignUpProfileSchema = Loose({
  nickname: OptionalText(),
  name: OptionalText(),
  givenName: OptionalText(),
  familyName: OptionalText(),
  photo: OptionalText({ maxLength: 2048 }),
  gender: Type.Optional(Type.Union([Type.Literal('M'), Type.Literal('F'), Type.Literal('U'), Type.Null()])),
  // The users table's bounds (phone varchar(32), phone_country_code varchar(8)), the same on every database.
  phone: OptionalText({ maxLength: 32 }),
  phoneCountryCode: OptionalText({ maxLength: 8 }),
  locale: OptionalText(),
}, BoundedJson());
export const SignUpDtoSchema = Loose({
  connection: ConnectionSchema,
  passwordPayload: Type.Optional(
    Loose({
      password: Type.String({ minLength: 1, maxLength: 1024 }),
      username: OptionalText({ minLength: 1, maxLength: 64 }),
      email: OptionalText({ minLength: 3, maxLength: 254 }),
    }),
  ),
  profile: Type.Optional(SignUpProfileSchema),
  options: Type.Optional(Loose({})),
});
export type SignUpDto = Static<typeof SignUpDtoSchema>;

export const UserDtoSchema = Type.Object({
  userId: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  status: Type.Union(['Activated', 'Suspended', 'Deactivated', 'Resigned', 'Archived'].map((s) => Type.Literal(s))),
  workStatus: Type.Union([Type.Literal('Active'), Type.Literal('Closed')]),
  gender: Type.Union([Type.Literal('M'), Type.Literal('F'), Type.Literal('U')]),
  emailVerified: Type.Boolean(),
  phoneVerified: Type.Boolean(),
  userSourceType: Type.String(),
  email: Type.Optional(Type.String()),
  username: Type.Optional(Type.String()),
  phone: Type.Optional(Type.String()),
  phoneCountryCode: Type.Optional(Type.String()),
  nickname: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  photo: Type.Optional(Type.String()),
  loginsCount: Type.Optional(Type.Integer()),
  lastLogin: Type.Optional(Type.String()),
});
export type UserDto = Static<typeof UserDtoSchema>;

// POST /api/v3/signin
export const SignInDtoSchema = Loose({
  connection: ConnectionSchema,
  passwordPayload: Type.Optional(
    Loose({
      password: Type.String({ minLength: 1, maxLength: 1024 }),
      account: OptionalText(),
      email: OptionalText(),
      username: OptionalText(),
      phone: OptionalText(),
    }),
  ),
  passCodePayload: Type.Optional(Loose({})),
  options: Type.Optional(Loose({ scope: OptionalText() })),
  client_id: OptionalText(),
  client_secret: OptionalText(),
});
export type SignInDto = Static<typeof SignInDtoSchema>;

/** LoginTokenResponseDataDto. Note GenAuth's `expire_in`, not `expires_in` (spec §11). */
export const LoginTokenResponseDataDtoSchema = Type.Object({
  scope: Type.Optional(Type.String()),
  access_token: Type.String(),
  id_token: Type.Optional(Type.String()),
  refresh_token: Type.Optional(Type.String()),
  token_type: Type.String(),
  expire_in: Type.Integer({ description: 'Seconds until access_token expires' }),
});
export type LoginTokenResponseDataDto = Static<typeof LoginTokenResponseDataDtoSchema>;
