/**
 * Redeeming a sign-in challenge as a use case (domain/flows/redeem-sign-in-challenge.ts): whatever the
 * method, the session proves what the method proves, and the challenge is spent once.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateTotp } from '../../src/domain/factors/otp/totp.js';
import { secretOfUri } from '../support/factors.js';
import { lastCodeTo, openDomainHarness, TEST_CONTEXT, TEST_PASSWORD, type DomainHarness } from '../support/domain-harness.js';

let h: DomainHarness;
beforeAll(async () => {
  h = await openDomainHarness();
});
afterAll(() => h.close());

/** A user with an OTP factor (and its recovery code) and an email factor, and a fresh 1635 challenge. */
async function challengedUser() {
  const caller = await h.signedInUser();
  const started = await h.services.binding.start({ caller, factorType: 'OTP', profile: {}, language: 'en-US', context: TEST_CONTEXT });
  const secret = secretOfUri(started.otp!.otpauthUri);
  await h.services.binding.confirm({ caller, factorType: 'OTP', enrollmentToken: started.enrollmentToken, passCode: generateTotp(secret, h.clock.now()), context: TEST_CONTEXT });
  const raised = await h.now(caller);
  const mail = await h.services.binding.start({ caller: raised, factorType: 'EMAIL', profile: { email: caller.email }, language: 'en-US', context: TEST_CONTEXT });
  await h.services.binding.confirm({ caller: raised, factorType: 'EMAIL', enrollmentToken: mail.enrollmentToken, passCode: lastCodeTo(h.sent, caller.email), context: TEST_CONTEXT });
  h.clock.advanceSeconds(30);
  const outcome = await h.services.signIn(h.app, { connection: 'PASSWORD', passwordPayload: { email: caller.email, password: TEST_PASSWORD } }, {}, TEST_CONTEXT);
  if (outcome.kind !== 'mfa-required') throw new Error('expected a challenge');
  return { caller, secret, recoveryCode: started.otp!.recoveryCode, mfaToken: outcome.data.mfaToken };
}

async function sessionOf(accessToken: string) {
  const caller = await h.services.callers.authenticate(h.app, accessToken);
  return caller.session!;
}

describe('redeeming a sign-in challenge', () => {
  test('a TOTP opens an aal2 session with amr pwd, otp, mfa', async () => {
    const user = await challengedUser();
    const done = await h.services.redemption.redeem(h.app, user.mfaToken, 'OTP', { code: generateTotp(user.secret, h.clock.now()) }, TEST_CONTEXT);
    expect(await sessionOf(done.accessToken)).toMatchObject({ aal: 'aal2', amr: ['pwd', 'otp', 'mfa'] });
  });

  test('an email code opens a session that stays aal1, without mfa (security.md §6.3, OOB-08)', async () => {
    const user = await challengedUser();
    // One code per address per minute: the binding's code went to this address a moment ago.
    h.clock.advanceSeconds(h.runtime.config.sendIntervalSeconds);
    await h.services.redemption.sendCode({ app: h.app, mfaToken: user.mfaToken, factorType: 'EMAIL', destination: { email: user.caller.email }, language: 'en-US', clientIp: '203.0.113.7' });
    const code = lastCodeTo(h.sent, user.caller.email);
    const done = await h.services.redemption.redeem(h.app, user.mfaToken, 'EMAIL', { code, destination: { email: user.caller.email } }, TEST_CONTEXT);
    expect(await sessionOf(done.accessToken)).toMatchObject({ aal: 'aal1', amr: ['pwd', 'mail'] });
  });

  test('the recovery code signs in once and answers its replacement', async () => {
    const user = await challengedUser();
    const done = await h.services.redemption.redeem(h.app, user.mfaToken, 'RECOVERY_CODE', { code: user.recoveryCode }, TEST_CONTEXT);
    expect(done.recoveryCode).toMatch(/^[0-9a-f]{4}(-[0-9a-f]{4}){5}$/);
    expect(done.recoveryCode).not.toBe(user.recoveryCode);
  });

  test('a redeemed challenge cannot be redeemed again, even with a fresh right code (RPL-04)', async () => {
    const user = await challengedUser();
    await h.services.redemption.redeem(h.app, user.mfaToken, 'OTP', { code: generateTotp(user.secret, h.clock.now()) }, TEST_CONTEXT);
    h.clock.advanceSeconds(30);
    const again = h.services.redemption.redeem(h.app, user.mfaToken, 'OTP', { code: generateTotp(user.secret, h.clock.now()) }, TEST_CONTEXT);
    await expect(again).rejects.toMatchObject({ code: 'MFA_TOKEN_INVALID' });
  });
});
