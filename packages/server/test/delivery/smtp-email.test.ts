import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { findPart, parseMimeMessage } from '../support/mime-message.js';
import { SMTP_USER, startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { useTestServer } from '../support/use-test-server.js';

/** EMAIL codes over SMTP: a real SMTP server (smtp-server, STARTTLS + AUTH) receives what Tessera sends. */
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
// Hooks registered later close first: the server stops before the sink it mails.
afterAll(() => sink.close());
const { server } = useTestServer(() => ({ config: { smtpUrl: sink.url, mailFrom: 'Tessera <no-reply@tessera.test>' } }));

async function requestCode(token: string, email: string, lang?: string) {
  const answer = await api(server, 'POST', '/api/v3/send-enroll-factor-request', {
    token,
    body: { factorType: 'EMAIL', profile: { email } },
    ...(lang ? { lang } : {}),
  });
  expect(answer.body.statusCode).toBe(200);
  const mail = sink.mails.filter((received) => received.recipients.includes(email)).at(-1);
  if (!mail) throw new Error(`no mail reached ${email}`);
  const message = parseMimeMessage(mail.raw);
  const text = findPart(message, 'text/plain')!.body;
  return { enrollmentToken: answer.body.data.enrollmentToken as string, mail, message, text, code: /\b(\d{6})\b/.exec(text)![1]! };
}

describe('email codes over SMTP', () => {
  test('the code in the email binds the EMAIL factor through enroll-factor', async () => {
    const user = await signUpAndSignIn(server);
    const sent = await requestCode(user.token, 'bind-me@example.com');
    const confirm = await api(server, 'POST', '/api/v3/enroll-factor', {
      token: user.token,
      body: { factorType: 'EMAIL', enrollmentToken: sent.enrollmentToken, enrollmentData: { passCode: sent.code } },
    });
    expect(confirm.body.statusCode).toBe(200);
    const listed = await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token });
    expect(listed.body.data).toContainEqual(expect.objectContaining({ factorType: 'EMAIL', profile: { email: 'bind-me@example.com' } }));
  });

  test('an en-US request gets an English subject and body naming the app and the lifetime', async () => {
    const user = await signUpAndSignIn(server);
    const sent = await requestCode(user.token, 'english@example.com', 'en-US');
    expect(sent.message.headers.get('subject')).toBe('Your Tessera verification code');
    expect(sent.text).toContain('Your Tessera verification code');
    expect(sent.text).toContain('It expires in 1 min.');
    expect(findPart(sent.message, 'text/html')!.body).toContain('<html lang="en-US">');
  });

  test('a request without x-authing-lang gets the zh-CN subject, RFC 2047-encoded, and body', async () => {
    const user = await signUpAndSignIn(server);
    const sent = await requestCode(user.token, 'chinese@example.com');
    expect(sent.mail.raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
    expect(sent.message.headers.get('subject')).toBe('Tessera 验证码');
    expect(sent.text).toContain('1 分钟内有效');
    expect(findPart(sent.message, 'text/html')!.body).toContain(sent.code);
  });

  test('the message is well-formed: From, To, Subject, Date, Message-ID, multipart/alternative of text and HTML', async () => {
    const user = await signUpAndSignIn(server);
    const sent = await requestCode(user.token, 'well-formed@example.com', 'en-US');
    const { headers } = sent.message;
    expect(headers.get('from')).toBe('Tessera <no-reply@tessera.test>');
    expect(headers.get('to')).toBe('well-formed@example.com');
    expect(headers.get('message-id')).toMatch(/^<[^<>@\s]+@[^<>@\s]+>$/);
    // The date is the server's (injected) clock.
    expect(new Date(headers.get('date')!).getTime()).toBe(server.clock.now());
    expect(sent.message.contentType).toBe('multipart/alternative');
    expect(sent.message.parts.map((part) => part.contentType)).toEqual(['text/plain', 'text/html']);
    expect(sent.mail.mailFrom).toBe('no-reply@tessera.test');
  });

  test('the session was upgraded with STARTTLS and authenticated before the message', async () => {
    const user = await signUpAndSignIn(server);
    const sent = await requestCode(user.token, 'secure@example.com');
    expect(sent.mail.secure).toBe(true);
    expect(sent.mail.user).toBe(SMTP_USER);
  });

  test('with SMTP configured, no code is written to the development outbox', async () => {
    const user = await signUpAndSignIn(server);
    await requestCode(user.token, 'not-in-outbox@example.com');
    expect(server.outbox()).toEqual([]);
  });
});
