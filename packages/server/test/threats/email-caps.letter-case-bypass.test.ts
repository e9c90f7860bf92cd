/**
 * Attack: mail-bombing a victim past the per-destination caps by changing letter case. Only the domain
 * was lower-cased, so `Victim@`, `vIctim@`, `viCtim@`… were separate destinations, each with its own
 * hourly and daily allowance and its own 60 s interval, while every code landed in the same mailbox.
 * Defence: caps and the interval count the canonical form (NFKC + case-folded, domain and local part);
 * the code is still delivered to the address exactly as given.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ config: { maxSendsPerHour: 2, maxSendsPerDay: 3 } });
});
afterAll(() => server.close());

async function sendFromNewAccount(email: string, { wait = true } = {}) {
  const user = await signUpAndSignIn(server);
  const answer = await api(server, 'POST', '/api/v3/send-enroll-factor-request', {
    token: user.token,
    body: { factorType: 'EMAIL', profile: { email } },
  });
  if (wait) server.clock.advanceSeconds(61);
  return answer.body;
}

describe('one mailbox is one destination, whatever the letter case', () => {
  test('the hourly cap counts Victim@, vIctim@ and victim@ as one destination', async () => {
    expect((await sendFromNewAccount('victim@example.com')).statusCode).toBe(200);
    expect((await sendFromNewAccount('Victim@example.com')).statusCode).toBe(200);
    expect(await sendFromNewAccount('vIctim@EXAMPLE.com')).toMatchObject({ statusCode: 429, apiCode: 46041 });
    expect(await sendFromNewAccount('VICTIM@example.com')).toMatchObject({ statusCode: 429, apiCode: 46041 });
  });

  test('the daily cap, too, after the hour has passed', async () => {
    await sendFromNewAccount('daily@example.com');
    await sendFromNewAccount('Daily@example.com');
    server.clock.advanceSeconds(3600);
    expect((await sendFromNewAccount('dAily@example.com')).statusCode).toBe(200);
    server.clock.advanceSeconds(3600);
    expect(await sendFromNewAccount('daiLY@example.com')).toMatchObject({ statusCode: 429, apiCode: 46041 });
  });

  test('the 60 s interval holds across letter case', async () => {
    expect((await sendFromNewAccount('interval@example.com', { wait: false })).statusCode).toBe(200);
    expect(await sendFromNewAccount('INTERVAL@example.com', { wait: false })).toMatchObject({ statusCode: 429, apiCode: 46040 });
    server.clock.advanceSeconds(61);
  });

  test('the code is delivered to the address exactly as typed', async () => {
    expect((await sendFromNewAccount('Mixed.Case@Example.com')).statusCode).toBe(200);
    expect(server.outbox().at(-1)?.to).toBe('Mixed.Case@example.com');
  });
});
