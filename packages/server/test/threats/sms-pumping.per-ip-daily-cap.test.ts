/**
 * Attack: one source spends the deployment's whole daily SMS budget by staying just under the hourly
 * per-IP cap (50/h × 24 h > 1,000). A daily per-IP cap stops it; email has per-IP caps as well.
 * Small caps are configured to keep the test short.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    config: { maxSmsPerIpPerHour: 2, maxSmsPerIpPerDay: 3, maxEmailPerIpPerHour: 2, maxEmailPerIpPerDay: 3 },
  });
});
afterAll(() => server.close());

async function bindRequest(factorType: 'SMS' | 'EMAIL', profile: Record<string, string>) {
  const user = await signUpAndSignIn(server);
  return (await api(server, 'POST', '/api/v3/send-enroll-factor-request', { token: user.token, body: { factorType, profile } })).body;
}

describe('per-IP daily caps', () => {
  test('SMS from one IP stop at the daily cap, though every hour stays under the hourly one', async () => {
    expect((await bindRequest('SMS', { phoneNumber: '13700000001' })).statusCode).toBe(200);
    expect((await bindRequest('SMS', { phoneNumber: '13700000002' })).statusCode).toBe(200);
    server.clock.advanceSeconds(3601);
    expect((await bindRequest('SMS', { phoneNumber: '13700000003' })).statusCode).toBe(200);
    server.clock.advanceSeconds(3601);
    expect(await bindRequest('SMS', { phoneNumber: '13700000004' })).toMatchObject({ statusCode: 429, apiCode: 46041 });
  });

  test('email codes from one IP are capped per hour', async () => {
    expect((await bindRequest('EMAIL', { email: 'a@example.com' })).statusCode).toBe(200);
    expect((await bindRequest('EMAIL', { email: 'b@example.com' })).statusCode).toBe(200);
    expect(await bindRequest('EMAIL', { email: 'c@example.com' })).toMatchObject({ statusCode: 429, apiCode: 46041 });
  });
});
