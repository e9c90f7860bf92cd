/**
 * Attack: many accounts (cheap to create) take turns sending codes to one victim's number or mailbox,
 * each waiting out the 60 s interval: message bombing, or an SMS-pumping ring's premium number.
 * Defence (OOB-05): per destination, at most N codes per rolling hour and M per rolling day, whoever asks.
 * Small caps are configured here to keep the test short; the defaults are 10 and 20.
 */
import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer({ config: { maxSendsPerHour: 2, maxSendsPerDay: 3 } });

async function sendFromNewAccount(email: string) {
  const user = await signUpAndSignIn(server);
  const answer = await api(server, 'POST', '/api/v3/send-enroll-factor-request', {
    token: user.token,
    body: { factorType: 'EMAIL', profile: { email } },
  });
  server.clock.advanceSeconds(61);
  return answer.body;
}

describe('per-destination send caps', () => {
  test('the destination hourly cap refuses the next account, whoever asks', async () => {
    expect((await sendFromNewAccount('victim-hour@example.com')).statusCode).toBe(200);
    expect((await sendFromNewAccount('victim-hour@example.com')).statusCode).toBe(200);
    expect(await sendFromNewAccount('victim-hour@example.com')).toMatchObject({ statusCode: 429, apiCode: 46041 });
  });

  test('the destination daily cap holds after the hourly window has reset', async () => {
    await sendFromNewAccount('victim-day@example.com');
    await sendFromNewAccount('victim-day@example.com');
    server.clock.advanceSeconds(3600);
    expect((await sendFromNewAccount('victim-day@example.com')).statusCode).toBe(200);
    server.clock.advanceSeconds(3600);
    expect(await sendFromNewAccount('victim-day@example.com')).toMatchObject({ statusCode: 429, apiCode: 46041 });
  });

  test('another destination is unaffected', async () => {
    await sendFromNewAccount('busy@example.com');
    await sendFromNewAccount('busy@example.com');
    expect((await sendFromNewAccount('quiet@example.com')).statusCode).toBe(200);
  });
});
