/**
 * Threats on passkeys: a phishing site relaying the ceremony from its own origin or for another RP id, an
 * assertion captured and replayed, a cloned authenticator whose counter goes backwards, another user's
 * passkey offered for a victim's sign-in, a ticket carried to another user or kept past its life. WebAuthn
 * binds the signature to the origin, RP id and challenge; Tessera keeps the challenge single-use and
 * short-lived in the shared database, bound to its user, app and sign-in.
 */
import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { challengeFor } from '../support/mfa.js';
import { redeem } from '../support/mfa.js';
import {
  enablePasskeys,
  newAuthenticator,
  PASSKEY_ORIGIN,
  registerPasskey,
  secondStepOptions,
  signInWithPasskey,
  verifyWithPasskey,
} from '../support/passkeys.js';
import type { SoftwareAuthenticator } from '../support/software-authenticator.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer({}, async (server) => {
  await enablePasskeys(server);
  return {};
});

async function userWithPasskey(): Promise<{ user: Awaited<ReturnType<typeof signUpAndSignIn>>; authenticator: SoftwareAuthenticator }> {
  const user = await signUpAndSignIn(server);
  const authenticator = newAuthenticator();
  expect(await registerPasskey(server, user.token, authenticator)).toMatchObject({ data: { verified: true } });
  return { user, authenticator };
}

async function passwordlessOptions() {
  return (await api(server, 'GET', '/api/v3/webauthn/authentication')).body.data as { authenticationOptions: { challenge: string }; ticket: string };
}

const finishPasswordless = async (ticket: string, authenticationCredential: unknown) =>
  (await api(server, 'POST', '/api/v3/webauthn/authentication', { body: { ticket, authenticationCredential } })).body;

describe('phishing: the ceremony relayed from another origin or for another RP id', () => {
  test('an assertion made on a phishing origin is refused, at sign-in and passwordless', async () => {
    const { user, authenticator } = await userWithPasskey();
    const mfa = await verifyWithPasskey(server, await challengeFor(server, user.email, user.password), authenticator, { origin: 'https://login.examp1e.com' });
    expect(mfa.body).toMatchObject({ code: 6001 });
    expect(await signInWithPasskey(server, authenticator, { origin: 'http://localhost:6666' })).toMatchObject({ data: { verified: false } });
  });

  test('an assertion for another RP id is refused', async () => {
    const { user, authenticator } = await userWithPasskey();
    const mfa = await verifyWithPasskey(server, await challengeFor(server, user.email, user.password), authenticator, { rpId: 'examp1e.com' });
    expect(mfa.body).toMatchObject({ code: 6001 });
    expect(await signInWithPasskey(server, authenticator, { rpId: 'examp1e.com' })).toMatchObject({ data: { verified: false } });
  });

  test('a passkey created on a phishing origin is not bound', async () => {
    const user = await signUpAndSignIn(server);
    expect(await registerPasskey(server, user.token, newAuthenticator(), {}, { origin: 'https://evil.example' })).toMatchObject({ data: { verified: false } });
    expect((await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token })).body.data).toEqual([]);
  });
});

describe('replay: an assertion captured once and sent again', () => {
  test('the same assertion and ticket are refused the second time (the challenge is single use)', async () => {
    const { authenticator } = await userWithPasskey();
    const { authenticationOptions, ticket } = await passwordlessOptions();
    const assertion = authenticator.assert(authenticationOptions);
    expect(await finishPasswordless(ticket, assertion)).toMatchObject({ data: { verified: true } });
    expect(await finishPasswordless(ticket, assertion)).toMatchObject({ statusCode: 400, apiCode: 46090 });
  });

  test('a captured assertion does not answer a fresh challenge', async () => {
    const { authenticator } = await userWithPasskey();
    const first = await passwordlessOptions();
    const assertion = authenticator.assert(first.authenticationOptions);
    const second = await passwordlessOptions();
    expect(await finishPasswordless(second.ticket, assertion)).toMatchObject({ data: { verified: false } });
  });

  test('the second-step ticket of one sign-in does not answer another sign-in', async () => {
    const { user, authenticator } = await userWithPasskey();
    const firstToken = await challengeFor(server, user.email, user.password);
    const { authenticationOptions, ticket } = await secondStepOptions(server, firstToken);
    const assertion = authenticator.assert(authenticationOptions);
    const otherToken = await challengeFor(server, user.email, user.password);
    expect((await redeem(server, '/api/v2/mfa/passkey/verify', otherToken, { ticket, authenticationCredential: assertion })).body).toMatchObject({ code: 6001 });
    expect((await redeem(server, '/api/v2/mfa/passkey/verify', firstToken, { ticket, authenticationCredential: assertion })).body).toMatchObject({ code: 200 });
    expect((await redeem(server, '/api/v2/mfa/passkey/verify', firstToken, { ticket, authenticationCredential: assertion })).body).not.toMatchObject({ code: 200 });
  });

  test('a ticket past its life is refused', async () => {
    const { authenticator } = await userWithPasskey();
    const { authenticationOptions, ticket } = await passwordlessOptions();
    const assertion = authenticator.assert(authenticationOptions);
    server.clock.advanceSeconds(121);
    expect(await finishPasswordless(ticket, assertion)).toMatchObject({ statusCode: 400, apiCode: 46090 });
  });
});

describe('cloned authenticator: the signature counter goes backwards', () => {
  test('a counter regression is refused, recorded and flagged in the audit trail', async () => {
    const { user, authenticator } = await userWithPasskey();
    expect(await signInWithPasskey(server, authenticator, { counter: 5 })).toMatchObject({ data: { verified: true } });
    expect(await signInWithPasskey(server, authenticator, { counter: 3 })).toMatchObject({ data: { verified: false } });
    const [stored] = await server.server.runtime.store.passkeys.listByUser(user.userId);
    expect(stored).toMatchObject({ counter: 5, counterRegressions: 1, flaggedAt: expect.any(Number) });
    const audit = await server.server.runtime.store.audit.list({ userId: user.userId, limit: 50 });
    expect(audit.map((event) => event.type)).toContain('passkey.counter-regression');
  });
});

describe("another user's passkey or ticket", () => {
  test("a victim's sign-in cannot be answered with the attacker's own passkey", async () => {
    const victim = await userWithPasskey();
    const attacker = await userWithPasskey();
    const mfaToken = await challengeFor(server, victim.user.email, victim.user.password);
    const { authenticationOptions, ticket } = await secondStepOptions(server, mfaToken);
    const assertion = attacker.authenticator.assert({ ...authenticationOptions, allowCredentials: [] });
    expect((await redeem(server, '/api/v2/mfa/passkey/verify', mfaToken, { ticket, authenticationCredential: assertion })).body).toMatchObject({ code: 6001 });
  });

  test("a registration ticket issued to one user does not bind a passkey for another", async () => {
    const alice = await signUpAndSignIn(server);
    const mallory = await signUpAndSignIn(server);
    const options = await api(server, 'GET', '/api/v3/webauthn/registration', { token: alice.token });
    const credential = newAuthenticator().register(options.body.data.registrationOptions);
    const answer = await api(server, 'POST', '/api/v3/webauthn/registration', {
      token: mallory.token,
      body: { ticket: options.body.data.ticket, registrationCredential: credential },
    });
    expect(answer.body).toMatchObject({ statusCode: 400, apiCode: 46090 });
  });

  test("another user's passkey cannot be renamed or removed, and is not reported as valid", async () => {
    const victim = await userWithPasskey();
    const attacker = await signUpAndSignIn(server);
    const credentialId = victim.authenticator.credentialIds[0]!;
    expect((await api(server, 'PUT', `/api/v3/webauthn/credentials/${credentialId}`, { token: attacker.token, body: { name: 'x' } })).body).toMatchObject({ statusCode: 404 });
    expect((await api(server, 'POST', `/api/v3/webauthn/remove-credential/${credentialId}`, { token: attacker.token, body: {} })).body).toMatchObject({ statusCode: 404 });
    const valid = await api(server, 'POST', '/api/v3/webauthn/check-valid-credentials-by-credIds', { token: attacker.token, body: { credIds: [credentialId] } });
    expect(valid.body.data).toEqual([]);
  });
});

describe('attestation', () => {
  test('an app that requires a trusted attestation refuses a passkey with none', async () => {
    const { app, appSecret } = await server.server.runtime.services.admin.createApp({ name: 'Trusted only', enabledFactors: ['PASSKEY'] });
    await server.server.runtime.services.relyingParties.configure(app.id, { rpId: 'localhost', origins: [PASSKEY_ORIGIN], attestation: 'trusted' });
    const user = await signUpAndSignIn(server);
    const signedIn = await api(server, 'POST', '/api/v3/signin', {
      appId: app.id,
      body: { connection: 'PASSWORD', passwordPayload: { email: user.email, password: user.password }, client_id: app.id, client_secret: appSecret },
    });
    const token = signedIn.body.data.access_token as string;
    const options = await api(server, 'GET', '/api/v3/webauthn/registration', { token, appId: app.id });
    expect(options.body.data.registrationOptions.attestation).toBe('direct');
    const credential = newAuthenticator().register(options.body.data.registrationOptions);
    const answer = await api(server, 'POST', '/api/v3/webauthn/registration', {
      token,
      appId: app.id,
      body: { ticket: options.body.data.ticket, registrationCredential: credential },
    });
    expect(answer.body).toMatchObject({ data: { verified: false } });
  });
});

describe('hostile input: malformed credentials', () => {
  test('garbage attestation, client data or assertion bytes get a clear answer, never a 500', async () => {
    const user = await signUpAndSignIn(server);
    const options = await api(server, 'GET', '/api/v3/webauthn/registration', { token: user.token });
    const garbage = Buffer.from('not cbor, not json \u0000\u00ff').toString('base64url');
    const registration = newAuthenticator().register(options.body.data.registrationOptions);
    const bad = { ...registration, response: { ...registration.response, attestationObject: garbage } };
    const registered = await api(server, 'POST', '/api/v3/webauthn/registration', { token: user.token, body: { ticket: options.body.data.ticket, registrationCredential: bad } });
    expect(registered.body).toMatchObject({ statusCode: 200, data: { verified: false } });

    const { authenticationOptions, ticket } = await passwordlessOptions();
    const { authenticator } = await userWithPasskey();
    const assertion = authenticator.assert(authenticationOptions);
    const mangled = { ...assertion, response: { ...assertion.response, authenticatorData: garbage, clientDataJSON: garbage } };
    expect(await finishPasswordless(ticket, mangled)).toMatchObject({ statusCode: 200, data: { verified: false } });

    const nul = await api(server, 'POST', '/api/v3/webauthn/authentication', { body: { ticket: 'a\u0000b', authenticationCredential: { ...assertion, id: 'a\u0000b' } } });
    expect(nul.body).toMatchObject({ statusCode: 400, apiCode: 46001 });
    const path = await api(server, 'PUT', `/api/v3/webauthn/credentials/${'x'.repeat(2000)}`, { token: user.token, body: { name: 'n' } });
    expect(path.body).toMatchObject({ statusCode: 400 });
  });
});

describe('challenge flooding: anyone may begin a passwordless sign-in, and each keeps a challenge', () => {
  const capped = useTestServer({ config: { maxPasskeySignInsPerIpPerHour: 2 } }, async (server) => {
    await enablePasskeys(server);
    return {};
  });

  test('past the per-IP hourly cap the options are refused with 429 and a retry time', async () => {
    for (let i = 0; i < 2; i++) expect((await api(capped.server, 'GET', '/api/v3/webauthn/authentication')).body.statusCode).toBe(200);
    const refused = await api(capped.server, 'POST', '/api/v3/webauthn/login/initialize');
    expect(refused.body).toMatchObject({ statusCode: 429, apiCode: 46093 });
  });
});
