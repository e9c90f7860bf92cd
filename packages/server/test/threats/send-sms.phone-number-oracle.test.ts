/**
 * Attack: the 1635 answer masks the bound phone number (138****8000), but `send-sms` with
 * CHANNEL_VERIFY_MFA used to answer 404 for a wrong number and 200 (or 429) for the bound one, so an
 * attacker holding a stolen password tried every number the mask allows — 300 guesses in a third of a
 * second, spending nothing — and read the number off the answers. Now the code always goes to the bound
 * factor, whatever number is named, and the answer is the same for every guess.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollByCode } from '../support/factors.js';
import { challengeFor } from '../support/mfa.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const sendSms = (mfaToken: string, phoneNumber: string) =>
  api(server, 'POST', '/api/v3/send-sms', { token: `Bearer ${mfaToken}`, body: { channel: 'CHANNEL_VERIFY_MFA', phoneNumber } });
const withoutRequestId = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });

test('a wrong guess and the bound number get the same answer, and the code goes to the bound number', async () => {
  const user = await signUpAndSignIn(server);
  await enrollByCode(server, user.token, 'SMS', { phoneNumber: '13812345678' }, '+8613812345678');
  server.clock.advanceSeconds(61);
  const mfaToken = await challengeFor(server, user.email, user.password);

  const before = server.outbox().length;
  const wrong = await sendSms(mfaToken, '13800000000');
  server.clock.advanceSeconds(61);
  const right = await sendSms(mfaToken, '13812345678');

  expect(withoutRequestId(wrong.body)).toEqual(withoutRequestId(right.body));
  expect(server.outbox().slice(before).map((line) => line.to)).toEqual(['+8613812345678', '+8613812345678']);
});

test('guesses inside the send interval are refused alike, whatever they name', async () => {
  const user = await signUpAndSignIn(server);
  await enrollByCode(server, user.token, 'SMS', { phoneNumber: '13887654321' }, '+8613887654321');
  server.clock.advanceSeconds(61);
  const mfaToken = await challengeFor(server, user.email, user.password);
  await sendSms(mfaToken, '13887654321');

  const guesses = await Promise.all(['13800000001', '13887654321', '13800000002'].map((number) => sendSms(mfaToken, number)));
  const answers = guesses.map((guess) => ({ statusCode: guess.body.statusCode, apiCode: guess.body.apiCode }));
  expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
});
