/**
 * Attack: one signed-in account requests codes to an endless list of addresses or numbers (each new
 * destination slips past the 60 s per-destination interval), to bombard strangers or run up the SMS bill.
 * Defence (OOB-05): per user, at most 10 codes per rolling hour and 20 per rolling day, whatever the
 * destination; refusals carry the seconds until the window ends.
 */
import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signIn, signUpAndSignIn } from '../support/accounts.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

let addresses = 0;
const requestEmail = (token: string) =>
  api(server, 'POST', '/api/v3/send-enroll-factor-request', {
    token,
    body: { factorType: 'EMAIL', profile: { email: `target-${++addresses}@example.com` } },
  });

async function sendTimes(token: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) expect((await requestEmail(token)).body.statusCode).toBe(200);
}

describe('per-user send caps (defaults: 10 per hour, 20 per day)', () => {
  test('the 11th code within an hour is refused with SEND_LIMIT_REACHED and the wait', async () => {
    const user = await signUpAndSignIn(server);
    await sendTimes(user.token, 10);
    server.clock.advanceSeconds(600);
    const refused = await requestEmail(user.token);
    expect(refused.body).toMatchObject({ statusCode: 429, apiCode: 46041, data: { retryAfterSeconds: 3000 } });
  });

  test('when the hour has passed the user may send again', async () => {
    const user = await signUpAndSignIn(server);
    await sendTimes(user.token, 10);
    server.clock.advanceSeconds(3600);
    expect((await requestEmail(user.token)).body.statusCode).toBe(200);
  });

  test('the 21st code within a day is refused even though each hour stayed under its cap', async () => {
    const user = await signUpAndSignIn(server);
    await sendTimes(user.token, 10);
    server.clock.advanceSeconds(3600);
    await sendTimes(user.token, 10);
    server.clock.advanceSeconds(3600);
    // Two hours on, the access token has expired: sign in again (the cap belongs to the user, not the token).
    const token = await signIn(server, user.email, user.password);
    const refused = await requestEmail(token);
    expect(refused.body).toMatchObject({ statusCode: 429, apiCode: 46041, data: { retryAfterSeconds: 22 * 3600 } });
  });

  test("one user's cap does not limit another user", async () => {
    const heavy = await signUpAndSignIn(server);
    const other = await signUpAndSignIn(server);
    await sendTimes(heavy.token, 10);
    expect((await requestEmail(other.token)).body.statusCode).toBe(200);
  });
});
