/**
 * Attack: from an account of their own, a stranger asks to bind the victim's phone number as an SMS
 * factor, again and again. The codes go to the victim's number and used to fill that number's caps — the
 * 60 s slot (46040), then the hourly and daily caps (46041) — so the victim's own sign-in code
 * (`send-sms` CHANNEL_VERIFY_MFA) was refused for an hour, then for a day. Codes to a new destination
 * and codes to a factor its owner already bound now count in separate buckets: what strangers fill
 * never refuses the owner's sign-in codes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollByCode } from '../support/factors.js';
import { challengeFor } from '../support/mfa.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ config: { maxSendsPerHour: 2, maxSendsPerDay: 3 } });
});
afterAll(() => server.close());

const bindRequest = (token: string, phoneNumber: string) =>
  api(server, 'POST', '/api/v3/send-enroll-factor-request', { token, body: { factorType: 'SMS', profile: { phoneNumber } } });
const signInCode = (mfaToken: string, phoneNumber: string) =>
  api(server, 'POST', '/api/v3/send-sms', { token: `Bearer ${mfaToken}`, body: { channel: 'CHANNEL_VERIFY_MFA', phoneNumber } });

async function victimWithSms(phoneNumber: string) {
  const victim = await signUpAndSignIn(server);
  await enrollByCode(server, victim.token, 'SMS', { phoneNumber }, `+86${phoneNumber}`);
  server.clock.advanceSeconds(61);
  return victim;
}

describe("a stranger's binding requests to the victim's number", () => {
  test("leave the victim's sign-in code alone within the 60 s slot", async () => {
    const victim = await victimWithSms('13611112222');
    const stranger = await signUpAndSignIn(server);
    expect((await bindRequest(stranger.token, '13611112222')).body.statusCode).toBe(200);
    const mfaToken = await challengeFor(server, victim.email, victim.password);
    expect((await signInCode(mfaToken, '13611112222')).body.statusCode).toBe(200);
    expect(server.outbox().at(-1)).toMatchObject({ to: '+8613611112222', purpose: 'verify-mfa' });
  });

  test("fill the number's binding caps, never the victim's sign-in caps", async () => {
    const victim = await victimWithSms('13633334444');
    const stranger = await signUpAndSignIn(server);
    const answers = [];
    for (let i = 0; i < 4; i += 1) {
      answers.push((await bindRequest(stranger.token, '13633334444')).body);
      server.clock.advanceSeconds(61);
    }
    // The victim's own binding used one of the number's binding sends; the stranger gets the rest, then 429.
    expect(answers.at(-1)).toMatchObject({ statusCode: 429, apiCode: 46041 });
    const mfaToken = await challengeFor(server, victim.email, victim.password);
    expect((await signInCode(mfaToken, '13633334444')).body.statusCode).toBe(200);
  });
});
