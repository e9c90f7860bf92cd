import { afterAll, beforeAll, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { describeNeeding } from '../support/describe-needing.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { enablePasskeys, newAuthenticator } from '../support/passkeys.js';

/**
 * A WebAuthn ceremony begun on one instance finishes on another (the challenge lives in the shared
 * database), and one assertion sent to every instance at once signs in exactly once.
 */
let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ instances: 2 });
  await enablePasskeys(cluster.instances[0]!);
});
afterAll(() => cluster.close());

const node = (index: number) => cluster.instances[index % cluster.instances.length]!;

describeNeeding(['postgres', 'redis'], 'passkey ceremonies across two instances', () => {
  test('registration begun on one instance finishes on the other; 10 parallel finishes of one sign-in win once', async () => {
    const user = await signUpAndSignIn(node(0));
    const authenticator = newAuthenticator();
    const options = await api(node(0), 'GET', '/api/v3/webauthn/registration', { token: user.token });
    const registrationCredential = authenticator.register(options.body.data.registrationOptions);
    const registered = await api(node(1), 'POST', '/api/v3/webauthn/registration', { token: user.token, body: { ticket: options.body.data.ticket, registrationCredential } });
    expect(registered.body).toMatchObject({ statusCode: 200, data: { verified: true } });

    const signIn = await api(node(1), 'GET', '/api/v3/webauthn/authentication');
    const authenticationCredential = authenticator.assert(signIn.body.data.authenticationOptions);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        api(node(index), 'POST', '/api/v3/webauthn/authentication', { body: { ticket: signIn.body.data.ticket, authenticationCredential } }),
      ),
    );
    expect(answers.filter((answer) => answer.body.data?.verified === true)).toHaveLength(1);
  });
});
