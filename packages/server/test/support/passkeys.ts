import { api } from './api.js';
import { redeem } from './mfa.js';
import { SoftwareAuthenticator, type CeremonyOverrides } from './software-authenticator.js';
import type { TestServer } from './test-server.js';

/** The relying party the passkey tests configure on their app (per-app settings, not the defaults). */
export const PASSKEY_RP_ID = 'localhost';
export const PASSKEY_ORIGIN = 'http://localhost:5173';

/** Enables PASSKEY (with the usual types) on an app and points its relying party at the test origin. */
export async function enablePasskeys(server: TestServer, appId = server.appId): Promise<void> {
  const { admin, relyingParties } = server.server.runtime.services;
  await admin.updateApp(appId, { enabledFactors: ['OTP', 'SMS', 'EMAIL', 'PASSKEY'] });
  await relyingParties.configure(appId, { rpId: PASSKEY_RP_ID, origins: [PASSKEY_ORIGIN] });
}

export function newAuthenticator(options: { userVerification?: boolean; synced?: boolean } = {}): SoftwareAuthenticator {
  return new SoftwareAuthenticator(PASSKEY_ORIGIN, options);
}

/** GET then POST /api/v3/webauthn/registration; answers the POST's body. */
export async function registerPasskey(
  server: TestServer,
  token: string,
  authenticator: SoftwareAuthenticator,
  extra: { name?: string; authenticatorCode?: string } = {},
  overrides: CeremonyOverrides = {},
) {
  const options = await api(server, 'GET', '/api/v3/webauthn/registration', { token });
  if (options.body.statusCode !== 200) throw new Error(`registration options refused: ${JSON.stringify(options.body)}`);
  const { registrationOptions, ticket } = options.body.data;
  const registrationCredential = authenticator.register(registrationOptions, overrides);
  return (await api(server, 'POST', '/api/v3/webauthn/registration', { token, body: { ticket, registrationCredential, ...extra } })).body;
}

/** The options and ticket of a sign-in's passkey second step. */
export async function secondStepOptions(server: TestServer, mfaToken: string) {
  const answer = await api(server, 'POST', '/api/v3/webauthn/mfa-verify/initialize', { token: `Bearer ${mfaToken}` });
  if (answer.body.statusCode !== 200) throw new Error(`second-step options refused: ${JSON.stringify(answer.body)}`);
  return answer.body.data as { authenticationOptions: { challenge: string; rpId: string; allowCredentials: { id: string }[] }; ticket: string };
}

/** Answers a 1635 with a passkey: options, assertion, POST /api/v2/mfa/passkey/verify (V2 envelope). */
export async function verifyWithPasskey(server: TestServer, mfaToken: string, authenticator: SoftwareAuthenticator, overrides: CeremonyOverrides = {}) {
  const { authenticationOptions, ticket } = await secondStepOptions(server, mfaToken);
  const authenticationCredential = authenticator.assert(authenticationOptions, overrides);
  return redeem(server, '/api/v2/mfa/passkey/verify', mfaToken, { ticket, authenticationCredential });
}

/** Passwordless: GET options, then POST /api/v3/webauthn/authentication; answers the POST's body. */
export async function signInWithPasskey(server: TestServer, authenticator: SoftwareAuthenticator, overrides: CeremonyOverrides = {}) {
  const options = await api(server, 'GET', '/api/v3/webauthn/authentication');
  if (options.body.statusCode !== 200) throw new Error(`sign-in options refused: ${JSON.stringify(options.body)}`);
  const { authenticationOptions, ticket } = options.body.data;
  const authenticationCredential = authenticator.assert(authenticationOptions, overrides);
  return (await api(server, 'POST', '/api/v3/webauthn/authentication', { body: { ticket, authenticationCredential } })).body;
}
