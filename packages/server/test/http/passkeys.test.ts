import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { challengeFor, claimsOf, signInExpectingChallenge } from '../support/mfa.js';
import { enablePasskeys, newAuthenticator, registerPasskey, signInWithPasskey, verifyWithPasskey } from '../support/passkeys.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer({}, async (server) => {
  await enablePasskeys(server);
  return {};
});

describe('binding passkeys (GET/POST /api/v3/webauthn/registration)', () => {
  test('a passkey binds as the PASSKEY factor, its profile naming the passkey and never its key', async () => {
    const user = await signUpAndSignIn(server);
    const authenticator = newAuthenticator();
    expect(await registerPasskey(server, user.token, authenticator, { authenticatorCode: 'fingerprint' })).toMatchObject({ statusCode: 200, data: { verified: true } });

    const listed = await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token });
    expect(listed.body.data).toEqual([
      {
        factorId: expect.any(String),
        factorType: 'PASSKEY',
        profile: {
          passkeys: [
            { credentialId: authenticator.credentialIds[0], name: 'Fingerprint', createdAt: expect.any(String), lastUsedAt: null, transports: ['internal'], backedUp: false },
          ],
        },
      },
    ]);
    const got = await api(server, 'GET', '/api/v3/get-factor', { token: user.token, query: { factorId: listed.body.data[0].factorId } });
    expect(got.body.data).toEqual(listed.body.data[0]);
    expect(JSON.stringify(got.body)).not.toMatch(/publicKey|counter/);
    const toEnroll = await api(server, 'GET', '/api/v3/list-factors-to-enroll', { token: user.token });
    expect(toEnroll.body.data.map((entry: { factorType: string }) => entry.factorType)).not.toContain('PASSKEY');
  });

  test('a user binds several passkeys, each named and renamable', async () => {
    const user = await signUpAndSignIn(server);
    const laptop = newAuthenticator();
    const phone = newAuthenticator({ synced: true });
    await registerPasskey(server, user.token, laptop, { name: 'Laptop' });
    server.clock.advanceSeconds(1);
    expect(await registerPasskey(server, user.token, phone, { name: 'Phone' })).toMatchObject({ data: { verified: true } });

    const renamed = await api(server, 'PUT', `/api/v3/webauthn/credentials/${phone.credentialIds[0]}`, { token: user.token, body: { name: 'Old phone' } });
    expect(renamed.body).toMatchObject({ statusCode: 200, data: { success: true } });
    const page = await api(server, 'POST', '/api/v3/webauthn/page-authenticator-device', { token: user.token, body: {} });
    expect(page.body.data).toMatchObject({ totalCount: 2, list: [{ name: 'Laptop', backedUp: false }, { name: 'Old phone', backedUp: true }] });
  });

  test('the registration options carry a random user handle, never the email', async () => {
    const user = await signUpAndSignIn(server);
    const options = await api(server, 'GET', '/api/v3/webauthn/registration', { token: user.token });
    const handle = Buffer.from(options.body.data.registrationOptions.user.id, 'base64url');
    expect(handle.length).toBe(32);
    expect(handle.toString('utf8')).not.toContain(user.email);
    expect(options.body.data.registrationOptions).toMatchObject({ rp: { id: 'localhost' }, attestation: 'none' });
  });

  test('an app that does not enable PASSKEY refuses to bind one', async () => {
    const { app } = await server.server.runtime.services.admin.createApp({ name: 'No passkeys' });
    const user = await signUpAndSignIn(server);
    const options = await api(server, 'GET', '/api/v3/webauthn/registration', { token: user.token, appId: app.id });
    expect(options.body).toMatchObject({ statusCode: 401 });
  });

  test('send-enroll-factor-request for PASSKEY points to the WebAuthn endpoints', async () => {
    const user = await signUpAndSignIn(server);
    const answer = await api(server, 'POST', '/api/v3/send-enroll-factor-request', { token: user.token, body: { factorType: 'PASSKEY', profile: {} } });
    expect(answer.body).toMatchObject({ statusCode: 400, apiCode: 46092 });
  });
});

describe('a passkey as the sign-in second step', () => {
  test('answers the 1635; a device-bound passkey with user verification reaches aal3 (amr hwk) and records its use', async () => {
    const user = await signUpAndSignIn(server);
    const authenticator = newAuthenticator();
    await registerPasskey(server, user.token, authenticator);
    const challenge = await signInExpectingChallenge(server, user.email, user.password);
    expect(challenge.body.data.applicationMfa).toContainEqual({ mfaPolicy: 'PASSKEY', status: 1, sort: 4 });

    const answer = await verifyWithPasskey(server, challenge.body.data.mfaToken, authenticator);
    expect(answer.body).toMatchObject({ code: 200, data: { token: expect.any(String) } });
    expect(claimsOf(answer.body.data.token)).toMatchObject({ acr: 'aal3', amr: ['pwd', 'hwk', 'mfa'] });
    const page = await api(server, 'GET', '/api/v3/webauthn/credentials', { token: answer.body.data.token });
    expect(page.body.data.list[0].lastUsedAt).toEqual(expect.any(String));
  });

  test.each([
    ['a synced passkey', 'swk', { synced: true }, {}],
    ['a passkey without user verification', 'hwk', {}, { userVerified: false }],
  ])('%s answers the 1635 at aal2 (amr %s)', async (_name, amr, kind, overrides) => {
    const user = await signUpAndSignIn(server);
    const authenticator = newAuthenticator(kind);
    await registerPasskey(server, user.token, authenticator);
    const answer = await verifyWithPasskey(server, await challengeFor(server, user.email, user.password), authenticator, overrides);
    expect(claimsOf(answer.body.data.token)).toMatchObject({ acr: 'aal2', amr: ['pwd', amr, 'mfa'] });
  });

  test('under a required policy, a 1636 mfaToken binds a passkey and then finishes the sign-in with it', async () => {
    const { admin } = server.server.runtime.services;
    const user = await signUpAndSignIn(server);
    await admin.updateApp(server.appId, { mfaPolicy: 'required' });
    try {
      const challenge = await signInExpectingChallenge(server, user.email, user.password);
      expect(challenge.body.apiCode).toBe(1636);
      const mfaToken = challenge.body.data.mfaToken as string;
      const authenticator = newAuthenticator();
      expect(await registerPasskey(server, `Bearer ${mfaToken}`, authenticator)).toMatchObject({ statusCode: 200, data: { verified: true } });

      const answer = await verifyWithPasskey(server, mfaToken, authenticator);
      expect(answer.body).toMatchObject({ code: 200, data: { token: expect.any(String) } });
    } finally {
      await admin.updateApp(server.appId, { mfaPolicy: 'if-enrolled' });
    }
  });

  test('the options allow only the user’s own passkeys', async () => {
    const user = await signUpAndSignIn(server);
    const authenticator = newAuthenticator();
    await registerPasskey(server, user.token, authenticator);
    const mfaToken = await challengeFor(server, user.email, user.password);
    const options = await api(server, 'POST', '/api/v3/webauthn/mfa-verify/initialize', { token: `Bearer ${mfaToken}` });
    expect(options.body.data.authenticationOptions.allowCredentials).toEqual([{ id: authenticator.credentialIds[0], type: 'public-key', transports: ['internal'] }]);
  });
});

describe('passwordless sign-in with a discoverable passkey', () => {
  test('a device-bound passkey with user verification signs in at aal3, amr hwk', async () => {
    const user = await signUpAndSignIn(server);
    const authenticator = newAuthenticator();
    await registerPasskey(server, user.token, authenticator);
    const answer = await signInWithPasskey(server, authenticator);
    expect(answer).toMatchObject({ statusCode: 200, data: { verified: true, tokenSet: { token_type: 'bearer', scope: 'openid profile' } } });
    expect(claimsOf(answer.data.tokenSet.access_token)).toMatchObject({ sub: user.userId, acr: 'aal3', amr: ['hwk', 'mfa'] });
  });

  test('from the hosted page, the token goes into the HttpOnly session cookie and the answer no longer carries it', async () => {
    const user = await signUpAndSignIn(server);
    const authenticator = newAuthenticator();
    await registerPasskey(server, user.token, authenticator);
    const { authenticationOptions, ticket } = (await api(server, 'GET', '/api/v3/webauthn/authentication')).body.data;
    const response = await fetch(new URL('/api/v3/webauthn/authentication', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-authing-app-id': server.appId, 'x-tessera-page': '1' },
      body: JSON.stringify({ ticket, authenticationCredential: authenticator.assert(authenticationOptions) }),
    });
    const body = (await response.json()) as { data: { verified: boolean; tokenSet: { access_token: string } } };
    expect(body.data).toMatchObject({ verified: true, tokenSet: { access_token: '' } });
    const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith('tessera_session='));
    expect(session).toMatch(/^tessera_session=[^;]+;.*HttpOnly/);
  });

  test('a synced passkey with user verification signs in at aal2, amr swk', async () => {
    const user = await signUpAndSignIn(server);
    const authenticator = newAuthenticator({ synced: true });
    await registerPasskey(server, user.token, authenticator);
    const answer = await signInWithPasskey(server, authenticator);
    expect(claimsOf(answer.data.tokenSet.access_token)).toMatchObject({ acr: 'aal2', amr: ['swk', 'mfa'] });
  });

  test('an aal3 session stays aal3 when a second factor is proven in it', async () => {
    const user = await signUpAndSignIn(server);
    const authenticator = newAuthenticator();
    await registerPasskey(server, user.token, authenticator);
    const token = (await signInWithPasskey(server, authenticator)).data.tokenSet.access_token as string;
    // Binding a second passkey in the session records a second factor; the session keeps aal3.
    expect(await registerPasskey(server, token, newAuthenticator())).toMatchObject({ data: { verified: true } });
    const session = await server.server.runtime.store.sessions.findLive(claimsOf(token).sid as string, server.clock.now());
    expect(session).toMatchObject({ aal: 'aal3' });
  });

  test('without user verification the passkey is one factor only: verified false, no token', async () => {
    const user = await signUpAndSignIn(server);
    const authenticator = newAuthenticator();
    await registerPasskey(server, user.token, authenticator);
    expect(await signInWithPasskey(server, authenticator, { userVerified: false })).toMatchObject({ statusCode: 200, data: { verified: false } });
  });
});

describe('removing passkeys', () => {
  test('removing the last passkey unbinds the PASSKEY factor', async () => {
    const user = await signUpAndSignIn(server);
    const authenticator = newAuthenticator();
    await registerPasskey(server, user.token, authenticator);
    const removed = await api(server, 'DELETE', `/api/v3/webauthn/credentials/${authenticator.credentialIds[0]}`, { token: user.token });
    expect(removed.body).toMatchObject({ statusCode: 200, data: { success: true } });
    const listed = await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token });
    expect(listed.body.data).toEqual([]);
  });

  test('reset-factor of the PASSKEY factor removes every passkey', async () => {
    const user = await signUpAndSignIn(server);
    const authenticator = newAuthenticator();
    await registerPasskey(server, user.token, authenticator);
    const factorId = (await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token })).body.data[0].factorId;
    expect((await api(server, 'POST', '/api/v3/reset-factor', { token: user.token, body: { factorId } })).body).toMatchObject({ statusCode: 200 });
    expect(await signInWithPasskey(server, authenticator)).toMatchObject({ data: { verified: false } });
  });
});
