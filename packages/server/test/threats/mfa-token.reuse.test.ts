/**
 * Threat: an mfaToken leaks after the sign-in it started (a log, a proxy, browser history). Redeeming it
 * again — with a fresh valid code, or sending codes with it — must not open a second session; it is
 * single use, as is its expiry (5 minutes).
 */
import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { challengeFor, verifyTotp } from '../support/mfa.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

describe('mfaToken reuse', () => {
  test('after a successful redemption, the same mfaToken with a fresh valid code is refused (46070)', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const mfaToken = await challengeFor(server, user.email, user.password);
    expect((await verifyTotp(server, mfaToken, otp.codeAt(server.clock.now()))).body.code).toBe(200);
    server.clock.advanceSeconds(30);
    expect((await verifyTotp(server, mfaToken, otp.codeAt(server.clock.now()))).body).toMatchObject({ code: 46070 });
  });

  test('after a successful redemption, the mfaToken cannot send codes', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const mfaToken = await challengeFor(server, user.email, user.password);
    await verifyTotp(server, mfaToken, otp.codeAt(server.clock.now()));
    const answer = await api(server, 'POST', '/api/v3/send-email', { token: mfaToken, body: { channel: 'CHANNEL_VERIFY_MFA', email: user.email } });
    expect(answer.body).toMatchObject({ statusCode: 401, apiCode: 46070 });
  });

  test('an mfaToken older than 5 minutes is refused even with a valid code', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const mfaToken = await challengeFor(server, user.email, user.password);
    server.clock.advanceSeconds(301);
    expect((await verifyTotp(server, mfaToken, otp.codeAt(server.clock.now()))).body).toMatchObject({ code: 46070 });
  });

  test('an mfaToken is bound to its app', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const mfaToken = await challengeFor(server, user.email, user.password);
    const { app } = await server.server.runtime.services.admin.createApp({ name: 'Other app' });
    const answer = await api(server, 'POST', '/api/v2/mfa/totp/verify', { appId: app.id, token: `Bearer ${mfaToken}`, body: { totp: otp.codeAt(server.clock.now()) } });
    expect(answer.body).toMatchObject({ code: 46070 });
  });
});
