import { AuthenticationClient } from 'authing-node-sdk';
import { describe, expect, test } from 'vitest';
import { isMfaRequired, MfaAuthenticationClient, AuthenticationClient as TesseraClient } from '@tessera/sdk';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

describe('sign-in with MFA through the SDKs', () => {
  test('the official Node SDK signs in and gets the 1635 answer with an mfaToken', async () => {
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    const client = new AuthenticationClient({ appId: server.appId, appSecret: server.appSecret, appHost: server.url });
    const answer = await client.signInByEmailPassword({ email: user.email, password: user.password });
    expect(answer).toMatchObject({ statusCode: 499, apiCode: 1635, data: { mfaToken: expect.any(String), totpMfaEnabled: true } });
  });

  test('@tessera/sdk: isMfaRequired, then MfaAuthenticationClient.verifyTotpMfa gives a token the client can use', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const options = { appId: server.appId, appSecret: server.appSecret, appHost: server.url };
    const client = new TesseraClient(options);
    const login = await client.signInByEmailPassword({ email: user.email, password: user.password });
    if (!isMfaRequired(login)) throw new Error(`expected 1635, got ${JSON.stringify(login)}`);
    expect((await client.verifyMfaToken({ token: login.data.mfaToken })).active).toBe(true);
    const done = await new MfaAuthenticationClient(options).verifyTotpMfa({ totp: otp.codeAt(server.clock.now()), mfaToken: login.data.mfaToken });
    expect(done).toMatchObject({ code: 200, data: { userId: user.userId } });
    client.setAccessToken(done.data!.token);
    expect((await client.listEnrolledFactors()).statusCode).toBe(200);
  });

  test('@tessera/sdk: a wrong recovery code resolves with code 6002', async () => {
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    const options = { appId: server.appId, appSecret: server.appSecret, appHost: server.url };
    const login = await new TesseraClient(options).signInByEmailPassword({ email: user.email, password: user.password });
    if (!isMfaRequired(login)) throw new Error('expected 1635');
    const answer = await new MfaAuthenticationClient(options).verifyTotpRecoveryCode({ recoveryCode: '0000-0000-0000-0000-0000-0000', mfaToken: login.data.mfaToken });
    expect(answer).toMatchObject({ code: 6002 });
  });
});
