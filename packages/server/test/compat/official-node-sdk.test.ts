import { AuthenticationClient } from 'authing-node-sdk';
import { describe, expect, test } from 'vitest';
import { useTestServer } from '../support/use-test-server.js';
import { runFactorLifecycle, type FactorClient } from './factor-lifecycle-flow.js';

/** The official GenAuth Node SDK (authing-node-sdk@4.0.1) works against Tessera by changing only appHost. */
const { server } = useTestServer();

describe('official authing-node-sdk@4.0.1', () => {
  test('runs the whole factor lifecycle: signup, signin, enroll OTP/SMS/EMAIL, list, get, verify, reset', async () => {
    const client = new AuthenticationClient({ appId: server.appId, appSecret: server.appSecret, appHost: server.url });
    await runFactorLifecycle(server, client as unknown as FactorClient, 'official-sdk');
  });

  test('a wrong password comes back as the 2333 envelope, not a thrown error', async () => {
    const client = new AuthenticationClient({ appId: server.appId, appSecret: server.appSecret, appHost: server.url });
    const answer = await client.signInByEmailPassword({ email: 'nobody@example.com', password: 'wrong password' });
    expect(answer).toMatchObject({ statusCode: 403, apiCode: 2333 });
  });

  test('client_secret_basic sends the app credentials in a Basic header, which Tessera accepts', async () => {
    const client = new AuthenticationClient({
      appId: server.appId,
      appSecret: server.appSecret,
      appHost: server.url,
      tokenEndPointAuthMethod: 'client_secret_basic',
    });
    await client.signUpByEmailPassword({ email: 'basic-auth@example.com', password: 'correct horse battery staple' });
    const answer = await client.signInByEmailPassword({ email: 'basic-auth@example.com', password: 'correct horse battery staple' });
    expect(answer).toMatchObject({ statusCode: 200 });
  });
});
