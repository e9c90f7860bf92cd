import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { codeOf, requestSmsEnrollment, useSmsReceiver } from '../support/sms-provider.js';

/** SMS codes through Twilio's Messages API; a real node:http receiver plays api.twilio.com. */
const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
const AUTH_TOKEN = 'twilio-auth-token-for-tests';
const FROM = '+15005550006';

const context = useSmsReceiver(
  (receiverUrl) => ({ smsTwilioUrl: receiverUrl, smsTwilioAccountSid: ACCOUNT_SID, smsTwilioAuthToken: AUTH_TOKEN, smsTwilioFrom: FROM }),
  { status: 201, body: '{"sid":"SM0123","status":"queued"}' },
);

const requestSms = (token: string, phoneNumber: string) => requestSmsEnrollment(context.server, token, phoneNumber);

describe('SMS through Twilio', () => {
  test('posts the form To, From, Body to the account Messages.json with HTTP Basic auth', async () => {
    const user = await signUpAndSignIn(context.server);
    expect((await requestSms(user.token, '13800138011')).body.statusCode).toBe(200);
    expect(context.receiver.requests).toHaveLength(1);
    const [request] = context.receiver.requests;
    expect(request).toMatchObject({ method: 'POST', path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json` });
    expect(request!.headers.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`);
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(request!.body);
    expect([...form.keys()].sort()).toEqual(['Body', 'From', 'To']);
    expect(form.get('To')).toBe('+8613800138011');
    expect(form.get('From')).toBe(FROM);
  });

  test('the code in the Body binds the SMS factor', async () => {
    const user = await signUpAndSignIn(context.server);
    const started = await requestSms(user.token, '13800138012');
    const confirm = await api(context.server, 'POST', '/api/v3/enroll-factor', {
      token: user.token,
      body: { factorType: 'SMS', enrollmentToken: started.body.data.enrollmentToken, enrollmentData: { passCode: codeOf(context.receiver.requests[0]!) } },
    });
    expect(confirm.body.statusCode).toBe(200);
  });

  test("a Twilio 400 is answered DELIVERY_FAILED after one call, with Twilio's error code in the delivery log", async () => {
    context.receiver.answerWith({ status: 400, body: '{"code":21211,"message":"Invalid To Phone Number","status":400}' });
    const user = await signUpAndSignIn(context.server);
    const answer = await requestSms(user.token, '13800138013');
    expect(answer.body).toMatchObject({ statusCode: 502, apiCode: 46043 });
    expect(context.receiver.requests).toHaveLength(1);
    const [row] = await context.server.server.runtime.store.deliveries.list({ limit: 1, userId: user.userId });
    expect(row).toMatchObject({ outcome: 'failed', provider: 'twilio', reason: 'twilio: HTTP 400 (Twilio error 21211)' });
  });
});
