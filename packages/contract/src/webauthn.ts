import { Type, type Static } from '@sinclair/typebox';
import { LoginTokenResponseDataDtoSchema } from './accounts.js';
import { BoundedJson, InputText } from './input-text.js';
import { PasskeySummarySchema } from './factors.js';
import { IsSuccessDataSchema } from './management.js';

/**
 * The WebAuthn (passkey) endpoints both official SDKs call, and the Node-only ones that carry their
 * inputs (docs/passkeys.md). Credentials are the JSON forms of PublicKeyCredential (WebAuthn Level 3
 * `toJSON()`), every string base64url.
 */

/** A base64url field of a credential; attestation objects with certificate chains run to a few KB. */
const Base64Url = (maxLength: number) => Type.String({ pattern: '^[A-Za-z0-9_-]*={0,2}$', maxLength });

const Transports = Type.Array(InputText({ maxLength: 32 }), { maxItems: 8 });

export const RegistrationCredentialSchema = Type.Object(
  {
    id: Base64Url(1400),
    rawId: Base64Url(1400),
    type: Type.Literal('public-key'),
    response: Type.Object(
      {
        attestationObject: Base64Url(16384),
        clientDataJSON: Base64Url(4096),
        transports: Type.Optional(Transports),
      },
      { additionalProperties: true },
    ),
    transports: Type.Optional(Transports),
    authenticatorAttachment: Type.Optional(Type.Union([InputText({ maxLength: 32 }), Type.Null()])),
    clientExtensionResults: Type.Optional(BoundedJson(3)),
  },
  { additionalProperties: true },
);

export const AuthenticationCredentialSchema = Type.Object(
  {
    id: Base64Url(1400),
    rawId: Base64Url(1400),
    type: Type.Literal('public-key'),
    response: Type.Object(
      {
        authenticatorData: Base64Url(4096),
        clientDataJSON: Base64Url(4096),
        signature: Base64Url(2048),
        userHandle: Type.Optional(Type.Union([Base64Url(256), Type.Null()])),
      },
      { additionalProperties: true },
    ),
    authenticatorAttachment: Type.Optional(Type.Union([InputText({ maxLength: 32 }), Type.Null()])),
    clientExtensionResults: Type.Optional(BoundedJson(3)),
  },
  { additionalProperties: true },
);
export type AuthenticationCredential = Static<typeof AuthenticationCredentialSchema>;
export type RegistrationCredential = Static<typeof RegistrationCredentialSchema>;

const Ticket = InputText({ minLength: 1, maxLength: 128, description: 'From the matching options call; single use' });
const PasskeyName = InputText({ minLength: 1, maxLength: 64 });
/** SignInByWebAuthnOptionsDto: `scope` is honoured; the Python SDK sends null when absent. */
const SignInOptions = Type.Optional(
  Type.Union([Type.Object({ scope: Type.Optional(InputText({ maxLength: 512 })) }, { additionalProperties: true }), Type.Null()]),
);

// GET/POST /api/v3/webauthn/registration (initRegisterOptions / verifyRegister)
export const VerifyRegistrationDtoSchema = Type.Object(
  {
    ticket: Ticket,
    registrationCredential: RegistrationCredentialSchema,
    authenticatorCode: Type.Optional(Type.Union([Type.Literal('fingerprint'), Type.Literal('face'), Type.Literal('other'), Type.Null()])),
    /** Tessera's addition: the passkey's name (default: a name from the authenticator code). */
    name: Type.Optional(PasskeyName),
  },
  { additionalProperties: false },
);
export type VerifyRegistrationDto = Static<typeof VerifyRegistrationDtoSchema>;

const OptionsJson = Type.Object({}, { additionalProperties: true, description: 'WebAuthn options JSON for the browser' });

export const RegistrationOptionsDataSchema = Type.Object({ registrationOptions: OptionsJson, ticket: Type.String() });
export const AuthenticationOptionsDataSchema = Type.Object({ authenticationOptions: OptionsJson, ticket: Type.String() });
export const VerifyRegistrationResultDataSchema = Type.Object({ verified: Type.Boolean() });
export const VerifyAuthenticationResultDataSchema = Type.Object({
  verified: Type.Boolean(),
  tokenSet: Type.Optional(LoginTokenResponseDataDtoSchema),
});

// POST /api/v3/webauthn/authentication (verifyAuthentication): passwordless sign-in
export const VerifyAuthenticationDtoSchema = Type.Object(
  { ticket: Ticket, authenticationCredential: AuthenticationCredentialSchema, options: SignInOptions },
  { additionalProperties: false },
);
export type VerifyAuthenticationDto = Static<typeof VerifyAuthenticationDtoSchema>;

// POST /api/v3/webauthn/login/finalize (Node webAuthnLoginFinalize): the same, named `credential`
export const FinalizeWebAuthnLoginDtoSchema = Type.Object(
  { ticket: Ticket, credential: AuthenticationCredentialSchema, options: SignInOptions },
  { additionalProperties: false },
);

// POST /api/v2/mfa/passkey/verify: the sign-in second step with a passkey (mfaToken as Bearer, like the others)
export const VerifyPasskeyMfaDtoSchema = Type.Object(
  { ticket: Ticket, authenticationCredential: AuthenticationCredentialSchema },
  { additionalProperties: false },
);

// Passkey management
export const ListPasskeysDtoSchema = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: true },
);
/** GET /api/v3/webauthn/credentials?page=&limit= (query strings arrive as text). */
export const ListPasskeysQuerySchema = Type.Object(
  {
    page: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,3}$' })),
    limit: Type.Optional(Type.String({ pattern: '^([1-9]|[1-9][0-9]|100)$' })),
  },
  { additionalProperties: false },
);
export const ListPasskeysDataSchema = Type.Object({ totalCount: Type.Integer(), list: Type.Array(PasskeySummarySchema) });
export const CheckCredentialIdsDtoSchema = Type.Object(
  { credIds: Type.Optional(Type.Array(Base64Url(1400), { maxItems: 100 })) },
  { additionalProperties: true },
);
export const RemovePasskeysByCodeDtoSchema = Type.Object(
  { authenticatorCode: Type.Optional(Type.Union([InputText({ maxLength: 16 }), Type.Null()])) },
  { additionalProperties: true },
);
export const PasskeyIdParamsSchema = Type.Object({ credentialId: InputText({ minLength: 1, maxLength: 1400 }) });
export const RenamePasskeyDtoSchema = Type.Object({ name: PasskeyName }, { additionalProperties: false });
export const ValidCredentialIdsDataSchema = Type.Array(Type.String());
/** `{ success }`, shared with the management answers. */
export { IsSuccessDataSchema };
