/**
 * Binding a factor as a use case (domain/flows/bind-factor.ts), without a server: the rules every surface
 * (V3 API, CLI, the page) shares.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateTotp } from '../../src/domain/factors/otp/totp.js';
import { secretOfUri } from '../support/factors.js';
import { lastCodeTo, openDomainHarness, TEST_CONTEXT, TEST_PASSWORD, type DomainHarness, type SignedInCaller } from '../support/domain-harness.js';

let h: DomainHarness;
beforeAll(async () => {
  h = await openDomainHarness();
});
afterAll(() => h.close());

const PHONE = { phoneNumber: '13800138000', phoneCountryCode: '+86' };

async function bindSms(caller: SignedInCaller, phoneNumber = PHONE.phoneNumber) {
  const started = await h.services.binding.start({ caller, factorType: 'SMS', profile: { ...PHONE, phoneNumber }, language: 'en-US', context: TEST_CONTEXT });
  const passCode = lastCodeTo(h.sent, `+86${phoneNumber}`);
  return h.services.binding.confirm({ caller, factorType: 'SMS', enrollmentToken: started.enrollmentToken, passCode, context: TEST_CONTEXT });
}

describe('binding a factor', () => {
  test('an SMS binding sends one code to the new number and binds the factor on that code', async () => {
    const caller = await h.signedInUser();
    const sentBefore = h.sent.length;
    const factor = await bindSms(caller, '13800138001');
    expect(h.sent.length).toBe(sentBefore + 1);
    expect(h.sent.at(-1)).toMatchObject({ channel: 'sms', to: '+8613800138001', purpose: 'enroll-factor' });
    expect(await h.services.factors.list(caller.userId)).toEqual([
      { factorId: factor.id, factorType: 'SMS', profile: { phoneNumber: '13800138001', phoneCountryCode: '+86' } },
    ]);
  });

  test('an OTP binding confirmed with the current code spends that step (RPL-03)', async () => {
    const caller = await h.signedInUser();
    const started = await h.services.binding.start({ caller, factorType: 'OTP', profile: {}, language: 'en-US', context: TEST_CONTEXT });
    const secret = secretOfUri(started.otp!.otpauthUri);
    const code = generateTotp(secret, h.clock.now());
    await h.services.binding.confirm({ caller, factorType: 'OTP', enrollmentToken: started.enrollmentToken, passCode: code, context: TEST_CONTEXT });
    expect(await h.services.stepUp(caller, 'OTP', code, TEST_CONTEXT)).toEqual({ verified: false });
  });

  test('a wrong code binds nothing and counts against the account failure budget (RL-06)', async () => {
    const caller = await h.signedInUser();
    const started = await h.services.binding.start({ caller, factorType: 'EMAIL', profile: { email: caller.email }, language: 'en-US', context: TEST_CONTEXT });
    const wrong = h.services.binding.confirm({ caller, factorType: 'EMAIL', enrollmentToken: started.enrollmentToken, passCode: '000000', context: TEST_CONTEXT });
    await expect(wrong).rejects.toMatchObject({ code: 'WRONG_CODE' });
    expect(await h.services.factors.list(caller.userId)).toEqual([]);
    expect(await h.runtime.store.budget.read(caller.userId)).toMatchObject({ failures: 1 });
  });

  test('binding a factor raises the session: SMS reaches aal2 with amr pwd, sms, mfa', async () => {
    const caller = await h.signedInUser();
    await bindSms(caller, '13800138002');
    const session = await h.runtime.store.sessions.findLive(caller.session!.id, h.clock.now());
    expect(session).toMatchObject({ aal: 'aal2', amr: ['pwd', 'sms', 'mfa'] });
  });

  test('with a factor bound, binding another needs a second factor proven within the step-up window (ENR-02)', async () => {
    const caller = await h.signedInUser();
    await bindSms(caller, '13800138003');
    h.clock.advanceSeconds(h.runtime.config.stepUpMaxAgeSeconds + 1);
    const again = h.services.binding.start({ caller: await h.now(caller), factorType: 'OTP', profile: {}, language: 'en-US', context: TEST_CONTEXT });
    await expect(again).rejects.toMatchObject({ code: 'STEP_UP_REQUIRED' });
  });
});

describe('resetting a factor', () => {
  test('deletes it, ends the other sessions, and is audited (ENR-03, ENR-09)', async () => {
    const caller = await h.signedInUser();
    const elsewhere = await h.services.signIn(h.app, { connection: 'PASSWORD', passwordPayload: { email: caller.email, password: TEST_PASSWORD } }, {}, TEST_CONTEXT);
    if (elsewhere.kind !== 'signed-in') throw new Error('expected a second session');
    const factor = await bindSms(caller, '13800138004');
    await h.services.resetFactor(await h.now(caller), factor.id, TEST_CONTEXT);
    expect(await h.services.factors.list(caller.userId)).toEqual([]);
    await expect(h.services.callers.authenticate(h.app, elsewhere.accessToken)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    await expect(h.now(caller)).resolves.toMatchObject({ userId: caller.userId });
    const audit = await h.services.admin.listAudit({ userId: caller.userId, limit: 10 });
    expect(audit.at(-1)).toMatchObject({ type: 'factor.reset', outcome: 'ok', factorType: 'SMS' });
  });

  test("another user's factor answers FACTOR_NOT_FOUND, like one that does not exist (AZ-01)", async () => {
    const owner = await h.signedInUser();
    const factor = await bindSms(owner, '13800138005');
    const stranger = await h.signedInUser();
    await expect(h.services.resetFactor(stranger, factor.id, TEST_CONTEXT)).rejects.toMatchObject({ code: 'FACTOR_NOT_FOUND' });
    expect(await h.services.factors.list(owner.userId)).toHaveLength(1);
  });
});
