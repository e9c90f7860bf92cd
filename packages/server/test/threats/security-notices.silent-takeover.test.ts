/**
 * Attack: someone holding the password and a session binds a factor of their own, removes the owner's,
 * burns the recovery code, or hammers codes until the account locks — and the owner never hears of it,
 * so the takeover stays silent until it is complete. Each of these now sends the account holder a
 * security notice over a channel independent of the change (ENR-08), a used or regenerated recovery code
 * included (REC-04), and a replayed code is told too (RPL-05). A notice carries no code, never fails the
 * action, and counts apart from the user's code caps.
 */
import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollByCode, enrollOtp } from '../support/factors.js';
import { challengeFor, verifyRecovery } from '../support/mfa.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer({ config: { maxSendsPerHour: 3 } });

const noticesTo = (to: string) => server.notices().filter((notice) => notice.to === to);

describe('the account holder is told', () => {
  test('when a factor is bound, by email, and the notice holds no code (ENR-08)', async () => {
    const user = await signUpAndSignIn(server);
    await enrollByCode(server, user.token, 'SMS', { phoneNumber: '13822223333' }, '+8613822223333');
    expect(noticesTo(user.email)).toEqual([expect.objectContaining({ channel: 'email', event: 'factor-bound' })]);
    expect(noticesTo(user.email)[0]!.text).toContain('SMS');
    expect(JSON.stringify(server.notices())).not.toMatch(/"code":"\d{6}"/);
  });

  test('when a factor is removed (ENR-08)', async () => {
    const user = await signUpAndSignIn(server);
    const factorId = await enrollByCode(server, user.token, 'SMS', { phoneNumber: '13822224444' }, '+8613822224444');
    expect((await api(server, 'POST', '/api/v3/reset-factor', { token: user.token, body: { factorId } })).body.statusCode).toBe(200);
    expect(noticesTo(user.email).map((notice) => notice.event)).toEqual(['factor-bound', 'factor-removed']);
  });

  test('when the recovery code signs someone in (REC-04)', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const mfaToken = await challengeFor(server, user.email, user.password);
    expect((await verifyRecovery(server, mfaToken, otp.recoveryCode)).body.code).toBe(200);
    expect(noticesTo(user.email).map((notice) => notice.event)).toContain('recovery-code-used');
  });

  test('when an operator regenerates the recovery code (REC-04)', async () => {
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    await server.server.runtime.services.admin.regenerateRecoveryCode(user.userId, { appId: null, ip: null, userAgent: 'test' });
    expect(noticesTo(user.email).map((notice) => notice.event)).toContain('recovery-code-regenerated');
  });

  test('when a spent code is presented again (RPL-05)', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const totp = otp.codeAt(server.clock.now());
    await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp } });
    await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp } });
    expect(noticesTo(user.email).map((notice) => notice.event)).toContain('code-replayed');
  });

  test('when verification locks after repeated wrong codes (ENR-08)', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const right = otp.codeAt(server.clock.now());
    for (let i = 0; i < 10; i += 1) {
      const wrong = String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0');
      await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp: wrong } });
    }
    expect(noticesTo(user.email).map((notice) => notice.event)).toContain('account-locked');
  });
});

test("notices never spend the user's code caps: three bindings and their notices, then a fourth code still goes", async () => {
  const user = await signUpAndSignIn(server);
  await enrollByCode(server, user.token, 'SMS', { phoneNumber: '13822225555' }, '+8613822225555');
  await enrollByCode(server, user.token, 'EMAIL', { email: 'second-inbox@example.com' }, 'second-inbox@example.com');
  server.clock.advanceSeconds(61);
  const mfaToken = await challengeFor(server, user.email, user.password);
  const sent = await api(server, 'POST', '/api/v3/send-sms', { token: `Bearer ${mfaToken}`, body: { channel: 'CHANNEL_VERIFY_MFA', phoneNumber: '13822225555' } });
  expect(sent.body.statusCode).toBe(200);
  // Binding the email factor is told over another channel than that mailbox's own factor: the phone.
  expect(noticesTo(user.email).map((notice) => notice.event)).toEqual(['factor-bound']);
  expect(noticesTo('+8613822225555').map((notice) => notice.event)).toEqual(['factor-bound']);
});
