/**
 * Attack: SMS pumping (toll fraud). A bot signs up throwaway accounts and asks for codes to premium-rate
 * numbers it shares revenue on; every account and number is new, so per-user and per-destination caps
 * never trip. Defence (OOB-05): at most 50 SMS per client IP per rolling hour. A request the IP cap
 * refuses spends none of the user's or the destination's allowance (every cap is checked before any is
 * kept), so a legitimate user behind a busy address is not punished twice.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { Config } from '../../src/config.js';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
afterEach(() => server.close());

async function startWith(config: Partial<Config> = {}) {
  server = await startTestServer({ config });
}

let numbers = 8100;
const requestSms = (token: string) =>
  api(server, 'POST', '/api/v3/send-enroll-factor-request', {
    token,
    body: { factorType: 'SMS', profile: { phoneNumber: `1380013${numbers++}` } },
  });

describe('SMS per client IP', () => {
  test('at the default of 50 per hour, the 51st SMS from one IP is refused', async () => {
    await startWith();
    let user = await signUpAndSignIn(server);
    for (let i = 0; i < 50; i++) {
      // A new account every 10 sends stays under the per-user cap.
      if (i > 0 && i % 10 === 0) user = await signUpAndSignIn(server);
      expect((await requestSms(user.token)).body.statusCode).toBe(200);
    }
    const fresh = await signUpAndSignIn(server);
    expect((await requestSms(fresh.token)).body).toMatchObject({ statusCode: 429, apiCode: 46041 });
    expect(server.outbox().filter((line) => line.channel === 'sms')).toHaveLength(50);
  });

  test('with a cap of 3, the 4th SMS from the IP is refused and reaches no provider', async () => {
    await startWith({ maxSmsPerIpPerHour: 3 });
    for (let i = 0; i < 3; i++) await requestSms((await signUpAndSignIn(server)).token);
    expect((await requestSms((await signUpAndSignIn(server)).token)).body).toMatchObject({ statusCode: 429, apiCode: 46041 });
    expect(server.outbox()).toHaveLength(3);
  });

  test('the IP cap does not apply to email codes', async () => {
    await startWith({ maxSmsPerIpPerHour: 1 });
    const user = await signUpAndSignIn(server);
    await requestSms(user.token);
    const email = await api(server, 'POST', '/api/v3/send-enroll-factor-request', {
      token: user.token,
      body: { factorType: 'EMAIL', profile: { email: 'still-works@example.com' } },
    });
    expect(email.body.statusCode).toBe(200);
  });

  test("a send the IP cap refuses spends none of the user's hourly allowance", async () => {
    await startWith({ maxSmsPerIpPerHour: 1, maxSendsPerHour: 1 });
    await requestSms((await signUpAndSignIn(server)).token);
    const user = await signUpAndSignIn(server);
    expect((await requestSms(user.token)).body.apiCode).toBe(46041);
    // Had the refused SMS been counted, this user's single send of the hour would be gone.
    const email = await api(server, 'POST', '/api/v3/send-enroll-factor-request', {
      token: user.token,
      body: { factorType: 'EMAIL', profile: { email: 'allowance-intact@example.com' } },
    });
    expect(email.body.statusCode).toBe(200);
  });

  test('after the hour the IP may send again', async () => {
    await startWith({ maxSmsPerIpPerHour: 1 });
    await requestSms((await signUpAndSignIn(server)).token);
    server.clock.advanceSeconds(3600);
    expect((await requestSms((await signUpAndSignIn(server)).token)).body.statusCode).toBe(200);
  });
});
