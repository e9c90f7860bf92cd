import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { WEBHOOK_SECRET, codeOf, requestSmsEnrollment, useSmsReceiver, verifyWebhook, webhookConfig } from '../support/sms-provider.js';

/** SMS codes through the generic signed JSON webhook; a real node:http receiver checks what arrives. */
const context = useSmsReceiver(webhookConfig);

const requestSms = (token: string, phoneNumber: string, lang?: string) => requestSmsEnrollment(context.server, token, phoneNumber, lang);

describe('SMS through the signed webhook', () => {
  test('the receiver gets one JSON POST {to, text, code, purpose} whose code binds the SMS factor', async () => {
    const user = await signUpAndSignIn(context.server);
    const started = await requestSms(user.token, '13800138001');
    expect(started.body.statusCode).toBe(200);
    expect(context.receiver.requests).toHaveLength(1);
    const [request] = context.receiver.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/sms' });
    const payload = JSON.parse(request!.body);
    expect(payload).toMatchObject({ to: '+8613800138001', purpose: 'enroll-factor', code: expect.stringMatching(/^\d{6}$/) });
    expect(payload.text).toContain(payload.code);
    const confirm = await api(context.server, 'POST', '/api/v3/enroll-factor', {
      token: user.token,
      body: { factorType: 'SMS', enrollmentToken: started.body.data.enrollmentToken, enrollmentData: { passCode: payload.code } },
    });
    expect(confirm.body.statusCode).toBe(200);
  });

  test('the signature verifies with the documented recipe: HMAC-SHA256 over "<timestamp>.<raw body>"', async () => {
    const user = await signUpAndSignIn(context.server);
    await requestSms(user.token, '13800138002');
    const [request] = context.receiver.requests;
    expect(request!.headers['x-tessera-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(Number(request!.headers['x-tessera-timestamp'])).toBe(Math.floor(context.server.clock.now() / 1000));
    expect(verifyWebhook(request!, WEBHOOK_SECRET, context.server.clock.now())).toBe(true);
  });

  test('a changed body, another secret or a replay ten minutes later fails verification', async () => {
    const user = await signUpAndSignIn(context.server);
    await requestSms(user.token, '13800138003');
    const [request] = context.receiver.requests;
    expect(verifyWebhook({ ...request!, body: request!.body.replace('+86', '+1') }, WEBHOOK_SECRET, context.server.clock.now())).toBe(false);
    expect(verifyWebhook(request!, 'another-secret-0123456789', context.server.clock.now())).toBe(false);
    expect(verifyWebhook(request!, WEBHOOK_SECRET, context.server.clock.now() + 600_000)).toBe(false);
  });

  test('the text follows x-authing-lang and names the app and the lifetime', async () => {
    const english = await signUpAndSignIn(context.server);
    await requestSms(english.token, '13800138004', 'en-US');
    const chinese = await signUpAndSignIn(context.server);
    await requestSms(chinese.token, '13800138005');
    const [en, zh] = context.receiver.requests.map((request) => JSON.parse(request.body).text as string);
    expect(en).toMatch(/^\[Tessera\] Your verification code is \d{6}\. It expires in 1 min\./);
    expect(zh).toMatch(/^【Tessera】您的验证码是 \d{6}，1 分钟内有效/);
    expect(codeOf(context.receiver.requests[0]!)).toMatch(/^\d{6}$/);
  });
});
