import { AuthenticationClient } from 'authing-node-sdk';
import { afterAll, describe, expect, test } from 'vitest';
import { signInExpectingChallenge } from '../support/mfa.js';
import { enablePasskeys, newAuthenticator } from '../support/passkeys.js';
import { PythonSdkClient } from '../support/python-sdk-client.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * The WebAuthn methods both official SDKs share (initRegisterOptions, verifyRegister,
 * initAuthenticationOptions, verifyAuthentication, listCredentialsByPage, checkValidCredentialsByCredIds,
 * removeAllCredentials, removeCredential), and the Node-only passkey methods that carry their inputs,
 * against Tessera; the software authenticator plays the browser. docs/passkeys.md lists those that cannot
 * work against any server (a URL template sent unfilled, a finalize without a body).
 */
const { server } = useTestServer({}, async (server) => {
  await enablePasskeys(server);
  return {};
});
const password = 'correct horse battery staple';

describe('official authing-node-sdk@4.0.1', () => {
  /** A Node SDK client signed in as a new user. */
  async function signedInClient(email: string) {
    const client = new AuthenticationClient({ appId: server.appId, appSecret: server.appSecret, appHost: server.url });
    await client.signUpByEmailPassword({ email, password });
    client.setAccessToken((await client.signInByEmailPassword({ email, password })).data.access_token!);
    return client;
  }

  test('binds a passkey, lists and checks it, signs in passwordless with it, removes it', async () => {
    const client = await signedInClient('node-passkey@example.com');
    const authenticator = newAuthenticator();

    const options = await client.initRegisterOptions();
    expect(options).toMatchObject({ statusCode: 200, data: { ticket: expect.any(String) } });
    const registrationCredential = authenticator.register(options.data.registrationOptions as never);
    expect(await client.verifyRegister({ ticket: options.data.ticket, registrationCredential, authenticatorCode: 'fingerprint' as never })).toMatchObject({
      statusCode: 200,
      data: { verified: true },
    });
    expect(await client.listCredentialsByPage({})).toMatchObject({ statusCode: 200, data: { totalCount: 1, list: [{ name: 'Fingerprint' }] } });
    expect(await client.checkValidCredentialsByCredIds({ credIds: authenticator.credentialIds } as never)).toMatchObject({ data: authenticator.credentialIds });

    const signInOptions = await client.initAuthenticationOptions();
    const authenticationCredential = authenticator.assert(signInOptions.data.authenticationOptions as never);
    const signedIn = await client.verifyAuthentication({ ticket: signInOptions.data.ticket, authenticationCredential });
    expect(signedIn).toMatchObject({ statusCode: 200, data: { verified: true, tokenSet: { access_token: expect.any(String) } } });

    // removeCredential sends its URL template unfilled ("{credentialID}"): no passkey is named, none removed.
    expect(await client.removeCredential(authenticator.credentialIds[0]!, {})).toMatchObject({ statusCode: 404 });
    expect(await client.removeAllCredentials({})).toMatchObject({ statusCode: 200, data: { success: true } });
    expect(await client.listCredentialsByPage({})).toMatchObject({ data: { totalCount: 0 } });
  });

  test('Node-only: login initialize/finalize, mfa-bind and mfa-verify initialize, listWebAuthnCredentials', async () => {
    const email = 'node-passkey-only@example.com';
    const client = await signedInClient(email);
    const authenticator = newAuthenticator();
    expect(await client.webAuthnRegisterInitalize()).toMatchObject({ statusCode: 200, data: { registrationOptions: { rp: { id: 'localhost' } } } });
    const bind = await client.webAuthnMfaBindInitialize();
    await client.verifyRegister({ ticket: bind.data.ticket, registrationCredential: authenticator.register(bind.data.registrationOptions) });
    expect(await client.listWebAuthnCredentials({})).toMatchObject({ data: { totalCount: 1 } });

    const login = await client.webAuthnLoginInitalize();
    const credential = authenticator.assert(login.data.authenticationOptions);
    expect(await client.webAuthnLoginFinalize({ ticket: login.data.ticket, credential })).toMatchObject({ data: { verified: true } });

    // The second step of a sign-in: the SDK sends its access token, here the mfaToken of the 1635.
    const mfaToken = (await signInExpectingChallenge(server, email, password)).body.data.mfaToken as string;
    client.setAccessToken(mfaToken);
    const second = await client.webAuthnMfaVerifyInitalize();
    expect(second).toMatchObject({ statusCode: 200, data: { authenticationOptions: { allowCredentials: [{ id: authenticator.credentialIds[0] }] } } });
  });
});

describe('official authing-py-sdk 5.1 (vendored, run by /usr/bin/python3)', () => {
  let python: PythonSdkClient | undefined;
  afterAll(() => python?.close());

  test('binds a passkey, lists and checks it, signs in passwordless with it, removes it', async () => {
    python = new PythonSdkClient({ appId: server.appId, appHost: server.url, appSecret: server.appSecret });
    const email = 'python-passkey@example.com';
    await python.call('sign_up_by_email_password', email, password);
    const signIn = await python.call('sign_in_by_email_password', email, password);
    await python.call('set_access_token', signIn.data.access_token);
    const authenticator = newAuthenticator();

    const options = await python.call('init_register_options');
    const registration = authenticator.register(options.data.registrationOptions);
    expect(await python.call('verify_register', options.data.ticket, registration, 'face')).toMatchObject({ statusCode: 200, data: { verified: true } });
    expect(await python.call('list_credentials_by_page')).toMatchObject({ data: { totalCount: 1, list: [{ name: 'Face' }] } });
    expect(await python.call('check_valid_credentials_by_cred_ids')).toMatchObject({ statusCode: 200, data: [] });

    const signInOptions = await python.call('init_authentication_options');
    const assertion = authenticator.assert(signInOptions.data.authenticationOptions);
    expect(await python.call('verify_authentication', signInOptions.data.ticket, assertion)).toMatchObject({
      statusCode: 200,
      data: { verified: true, tokenSet: { access_token: expect.any(String) } },
    });

    expect(await python.call('remove_credential')).toMatchObject({ statusCode: 404 });
    expect(await python.call('remove_all_credentials')).toMatchObject({ statusCode: 200, data: { success: true } });
  });
});
