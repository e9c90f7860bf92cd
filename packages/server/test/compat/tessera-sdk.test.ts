import { AuthenticationClient } from '@tessera/sdk';
import { describe, expect, test } from 'vitest';
import { useTestServer } from '../support/use-test-server.js';
import { runFactorLifecycle } from './factor-lifecycle-flow.js';

const { server } = useTestServer();

describe('@tessera/sdk', () => {
  test('runs the whole factor lifecycle: signup, signin, enroll OTP/SMS/EMAIL, list, get, verify, reset', async () => {
    const client = new AuthenticationClient({ appId: server.appId, appSecret: server.appSecret, appHost: server.url });
    await runFactorLifecycle(server, client, 'tessera-sdk');
  });

  test('lang: en-US gets English messages', async () => {
    const client = new AuthenticationClient({ appId: server.appId, appSecret: server.appSecret, appHost: server.url, lang: 'en-US' });
    const answer = await client.signInByEmailPassword({ email: 'nobody@example.com', password: 'wrong password' });
    expect(answer).toMatchObject({ statusCode: 403, apiCode: 2333, message: 'Account not exists or password is incorrect.' });
  });
});
