import { AuthenticationClient } from '@tessera/sdk';
import { describe, expect, test } from 'vitest';
import { signUpAndSignIn } from '../support/accounts.js';
import { generateTotp } from '../../src/domain/factors/otp/totp.js';
import { enrollByCode, enrollOtp, secretOfUri } from '../support/factors.js';
import { useTestServer } from '../support/use-test-server.js';

/** @tessera/sdk finishes a sign-in with MFA from code: the sign-in answer's `kind`, then `client.mfa.*`. */
const { server } = useTestServer();

const newClient = (appId = server.appId, appSecret = server.appSecret) => new AuthenticationClient({ appId, appSecret, appHost: server.url });

/** A fresh user with OTP bound, and the `mfa-required` answer of their password sign-in. */
async function signInNeedingOtp() {
  const user = await signUpAndSignIn(server);
  const otp = await enrollOtp(server, user.token);
  const client = newClient();
  const login = await client.signInByEmailPassword({ email: user.email, password: user.password });
  if (login.kind !== 'mfa-required') throw new Error(`expected mfa-required, got ${JSON.stringify(login)}`);
  return { otp, client, login };
}

describe('@tessera/sdk sign-in with a bound factor', () => {
  test('OTP: kind mfa-required names the factors, verifyTotp gives an access token the client uses', async () => {
    const { otp, client, login } = await signInNeedingOtp();
    expect(login).toMatchObject({ statusCode: 499, apiCode: 1635, factors: ['OTP'], mfaToken: login.data.mfaToken });

    const done = await client.mfa.verifyTotp(login.mfaToken, otp.codeAt(server.clock.now()));
    if (done.kind !== 'tokens') throw new Error(`expected tokens, got ${JSON.stringify(done)}`);
    client.setAccessToken(done.accessToken);
    expect(await client.listEnrolledFactors()).toMatchObject({ statusCode: 200, data: [{ factorId: otp.factorId, factorType: 'OTP' }] });
  });

  test('a wrong TOTP is kind failed with 6001, and the mfaToken still redeems with the right one', async () => {
    const { otp, client, login } = await signInNeedingOtp();
    expect(await client.mfa.verifyTotp(login.mfaToken, '000000')).toMatchObject({ kind: 'failed', code: 6001 });
    expect(await client.mfa.verifyTotp(login.mfaToken, otp.codeAt(server.clock.now()))).toMatchObject({ kind: 'tokens' });
  });

  test('SMS: sendSms texts a code to the bound phone, verifySms finishes with it', async () => {
    const user = await signUpAndSignIn(server);
    await enrollByCode(server, user.token, 'SMS', { phoneNumber: '13712345678' }, '+8613712345678');
    server.clock.advanceSeconds(61);
    const client = newClient();
    const login = await client.signInByEmailPassword({ email: user.email, password: user.password });
    if (login.kind !== 'mfa-required') throw new Error('expected mfa-required');
    expect(login.factors).toEqual(['SMS']);
    expect(await client.mfa.sendSms(login.mfaToken, { phoneNumber: '13712345678' })).toMatchObject({ statusCode: 200 });
    const done = await client.mfa.verifySms(login.mfaToken, { phone: '13712345678', code: server.lastCodeFor('+8613712345678') });
    expect(done).toMatchObject({ kind: 'tokens', accessToken: expect.any(String) });
  });

  test('EMAIL: sendEmail mails a code to the bound address, verifyEmail finishes with it', async () => {
    const user = await signUpAndSignIn(server);
    await enrollByCode(server, user.token, 'EMAIL', { email: user.email }, user.email);
    server.clock.advanceSeconds(61);
    const client = newClient();
    const login = await client.signInByEmailPassword({ email: user.email, password: user.password });
    if (login.kind !== 'mfa-required') throw new Error('expected mfa-required');
    expect(await client.mfa.sendEmail(login.mfaToken, user.email)).toMatchObject({ statusCode: 200 });
    const done = await client.mfa.verifyEmail(login.mfaToken, { email: user.email, code: server.lastCodeFor(user.email) });
    expect(done).toMatchObject({ kind: 'tokens', accessToken: expect.any(String) });
  });

  test('useRecoveryCode finishes with the recovery code and hands back its replacement', async () => {
    const { otp, client, login } = await signInNeedingOtp();
    const done = await client.mfa.useRecoveryCode(login.mfaToken, otp.recoveryCode);
    expect(done).toMatchObject({ kind: 'tokens', recoveryCode: expect.any(String) });
    expect(done.kind === 'tokens' && done.recoveryCode).not.toBe(otp.recoveryCode);
  });

  test('kind tokens for a user without a factor, kind failed for a wrong password', async () => {
    const user = await signUpAndSignIn(server);
    const client = newClient();
    expect(await client.signInByEmailPassword({ email: user.email, password: user.password })).toMatchObject({ kind: 'tokens', statusCode: 200 });
    expect(await client.signInByEmailPassword({ email: user.email, password: 'wrong password' })).toMatchObject({ kind: 'failed', apiCode: 2333 });
  });

  test('kind enrollment-required under a required policy: bind OTP with the mfaToken, then finish with the next code', async () => {
    const { app, appSecret } = await server.server.runtime.services.admin.createApp({ name: 'Required MFA', mfaPolicy: 'required' });
    const user = await signUpAndSignIn(server);
    const client = newClient(app.id, appSecret);
    const login = await client.signInByEmailPassword({ email: user.email, password: user.password });
    if (login.kind !== 'enrollment-required') throw new Error(`expected enrollment-required, got ${JSON.stringify(login)}`);
    expect(login.factors).toEqual(['OTP', 'SMS', 'EMAIL']);

    client.setAccessToken(login.mfaToken);
    const started = await client.sendEnrollFactorRequest({ factorType: 'OTP', profile: {} });
    const secret = secretOfUri(started.data!.otpData!.qrCodeUri);
    const bound = await client.enrollFactor({
      factorType: 'OTP',
      enrollmentToken: started.data!.enrollmentToken,
      enrollmentData: { passCode: generateTotp(secret, server.clock.now()) },
    });
    expect(bound).toMatchObject({ statusCode: 200 });
    server.clock.advanceSeconds(30);
    expect(await client.mfa.verifyTotp(login.mfaToken, generateTotp(secret, server.clock.now()))).toMatchObject({ kind: 'tokens' });
  });
});

describe('@tessera/sdk after the sign-in: refresh, revoke, logout', () => {
  /** A user with OTP bound, signed in through client.mfa with `openid offline_access`. */
  async function signedInWithRefreshToken() {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const client = newClient();
    const login = await client.signInByEmailPassword({ email: user.email, password: user.password, options: { scope: 'openid offline_access' } });
    if (login.kind !== 'mfa-required') throw new Error(`expected mfa-required, got ${JSON.stringify(login)}`);
    const done = await client.mfa.verifyTotp(login.mfaToken, otp.codeAt(server.clock.now()));
    if (done.kind !== 'tokens' || !done.data.refresh_token || !done.data.id_token) throw new Error(`expected tokens, got ${JSON.stringify(done)}`);
    client.setAccessToken(done.accessToken);
    return { client, email: user.email, refreshToken: done.data.refresh_token, idToken: done.data.id_token };
  }

  test('refresh gives new tokens and a rotated refresh token; the spent one is refused with invalid_grant', async () => {
    const { client, refreshToken } = await signedInWithRefreshToken();
    const refreshed = await client.refresh(refreshToken);
    if (refreshed.kind !== 'tokens') throw new Error(`expected tokens, got ${JSON.stringify(refreshed)}`);
    expect(refreshed).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String), token_type: 'Bearer' });
    expect(refreshed.refresh_token).not.toBe(refreshToken);

    client.setAccessToken(refreshed.access_token);
    expect((await client.listEnrolledFactors()).statusCode).toBe(200);
    expect(await client.refresh(refreshToken)).toMatchObject({ kind: 'failed', error: 'invalid_grant' });
  });

  test('getProfile and getSecurityLevel answer for the signed-in user', async () => {
    const { client, email } = await signedInWithRefreshToken();
    expect(await client.getProfile()).toMatchObject({ statusCode: 200, data: { email } });
    expect(await client.getSecurityLevel()).toMatchObject({ statusCode: 200, data: { mfaEnrolled: true } });
  });

  test('revoke of the refresh token ends the session: no refresh, and the access token is refused', async () => {
    const { client, refreshToken } = await signedInWithRefreshToken();
    expect(await client.revoke(refreshToken)).toBe(true);
    expect(await client.refresh(refreshToken)).toMatchObject({ kind: 'failed', error: 'invalid_grant' });
    expect(await client.listEnrolledFactors()).toMatchObject({ statusCode: 401 });
  });

  test('logout with the id token ends the session: the access and refresh tokens stop working', async () => {
    const { client, refreshToken, idToken } = await signedInWithRefreshToken();
    expect(await client.logout({ idToken })).toBe(true);
    expect(await client.listEnrolledFactors()).toMatchObject({ statusCode: 401 });
    expect(await client.refresh(refreshToken)).toMatchObject({ kind: 'failed', error: 'invalid_grant' });
  });
});
