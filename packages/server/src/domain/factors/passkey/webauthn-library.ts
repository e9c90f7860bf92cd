/**
 * @simplewebauthn/server adds ~25 MiB of resident memory when imported. It is loaded on the first passkey
 * ceremony, so a deployment whose apps never enable PASSKEY never pays for it (the one-box memory ceiling
 * of the sign-in burst test is measured without it).
 */
type WebAuthnLibrary = typeof import('@simplewebauthn/server');
type WebAuthnHelpers = typeof import('@simplewebauthn/server/helpers');

let library: Promise<WebAuthnLibrary> | undefined;
let helpers: Promise<WebAuthnHelpers> | undefined;

export const webAuthnLibrary = (): Promise<WebAuthnLibrary> => (library ??= import('@simplewebauthn/server'));
export const webAuthnHelpers = (): Promise<WebAuthnHelpers> => (helpers ??= import('@simplewebauthn/server/helpers'));
