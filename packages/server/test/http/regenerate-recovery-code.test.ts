/**
 * POST /api/v3/regenerate-recovery-code (Tessera's own, REC-04): the user mints a new recovery code
 * themselves, at aal2 — a second factor proven in this session within the step-up window — and every older
 * code stops working; the holder is told by a security notice.
 */
import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { challengeFor, verifyRecovery } from '../support/mfa.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();
const regenerate = (token: string) => api(server, 'POST', '/api/v3/regenerate-recovery-code', { token });

describe('self-service recovery-code regeneration', () => {
  test('answers a new code once; the old one is refused at sign-in and the new one works', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const answer = await regenerate(user.token);
    expect(answer.body).toMatchObject({ statusCode: 200, data: { recoveryCode: expect.stringMatching(/^[0-9a-f]{4}(-[0-9a-f]{4}){5}$/) } });
    const fresh = answer.body.data.recoveryCode as string;

    const mfaToken = await challengeFor(server, user.email, user.password);
    expect((await verifyRecovery(server, mfaToken, otp.recoveryCode)).body.code).toBe(6002);
    expect((await verifyRecovery(server, mfaToken, fresh)).body.code).toBe(200);
    expect(server.notices().filter((notice) => notice.to === user.email).map((notice) => notice.event)).toContain('recovery-code-regenerated');
  });

  test('needs a recent aal2 proof in this session: an hour later it answers STEP_UP_REQUIRED', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    server.clock.advanceSeconds(3601);
    expect((await regenerate(user.token)).body).toMatchObject({ statusCode: 403, apiCode: 46072 });
    // A fresh step-up opens it again.
    const stepUp = await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp: otp.codeAt(server.clock.now()) } });
    expect(stepUp.body.data.verified).toBe(true);
    expect((await regenerate(user.token)).body.statusCode).toBe(200);
  });

  test('without an OTP factor there is no recovery code to regenerate', async () => {
    const user = await signUpAndSignIn(server);
    expect((await regenerate(user.token)).body).toMatchObject({ statusCode: 400, apiCode: expect.any(Number) });
  });

  test('needs a signed-in user', async () => {
    expect((await api(server, 'POST', '/api/v3/regenerate-recovery-code')).body).toMatchObject({ statusCode: 401 });
  });
});
