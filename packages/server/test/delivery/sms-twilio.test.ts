import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver.js';
import { codeOf } from '../support/sms-provider.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** SMS codes through Twilio's Messages API; a real node:http receiver plays api.twilio.com. */
const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
const AUTH_TOKEN = 'twilio-auth-token-for-tests';
const FROM = '+15005550006';

let receiver: HttpReceiver;
let server: TestServer;
beforeAll(async () => {
  receiver = await startHttpReceiver({ status: 201, body: '{"sid":"SM0123","status":"queued"}' });
  server = await startTestServer({
    config: { smsTwilioUrl: receiver.url, smsTwilioAccountSid: ACCOUNT_SID, smsTwilioAuthToken: AUTH_TOKEN, smsTwilioFrom: FROM },
  });
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});
beforeEach(() => {
  receiver.requests.length = 0;
});

const requestSms = (token: string, phoneNumber: string) =>
  api(server, 'POST', '/api/v3/send-enroll-factor-request', { token, body: { factorType: 'SMS', profile: { phoneNumber } } });

describe('SMS through Twilio', () => {
  test('posts the form To, From, Body to the account Messages.json with HTTP Basic auth', async () => {
    const user = await signUpAndSignIn(server);
    expect((await requestSms(user.token, '13800138011')).body.statusCode).toBe(200);
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request).toMatchObject({ method: 'POST', path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json` });
    expect(request!.headers.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`);
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(request!.body);
    expect([...form.keys()].sort()).toEqual(['Body', 'From', 'To']);
    expect(form.get('To')).toBe('+8613800138011');
    expect(form.get('From')).toBe(FROM);
  });

  test('the code in the Body binds the SMS factor', async () => {
    const user = await signUpAndSignIn(server);
    const started = await requestSms(user.token, '13800138012');
    const confirm = await api(server, 'POST', '/api/v3/enroll-factor', {
      token: user.token,
      body: { factorType: 'SMS', enrollmentToken: started.body.data.enrollmentToken, enrollmentData: { passCode: codeOf(receiver.requests[0]!) } },
    });
    expect(confirm.body.statusCode).toBe(200);
  });

  test("a Twilio 400 is answered DELIVERY_FAILED after one call, with Twilio's error code in the delivery log", async () => {
    receiver.answerWith({ status: 400, body: '{"code":21211,"message":"Invalid To Phone Number","status":400}' });
    const user = await signUpAndSignIn(server);
    const answer = await requestSms(user.token, '13800138013');
    expect(answer.body).toMatchObject({ statusCode: 502, apiCode: 46043 });
    expect(receiver.requests).toHaveLength(1);
    const [row] = await server.server.runtime.store.deliveries.list({ limit: 1, userId: user.userId });
    expect(row).toMatchObject({ outcome: 'failed', provider: 'twilio', reason: 'twilio: HTTP 400 (Twilio error 21211)' });
  });
});
