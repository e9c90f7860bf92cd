/**
 * Threat: an enrollment token is replayed after use, used after its 60 s lifetime, used by another
 * account, brute-forced with many guesses, or raced by concurrent confirmations. Tokens are single-use,
 * short-lived, bound to their user, allow at most 5 attempts, and are consumed atomically (ENR-05, DUR-03).
 */
import { describe, expect, test } from 'vitest';
import { generateTotp } from '../../src/domain/factors/otp/totp.js';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { startOtpEnrollment } from '../support/factors.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

const enroll = (token: string, enrollmentToken: string, passCode: string, factorType = 'OTP') =>
  api(server, 'POST', '/api/v3/enroll-factor', { token, body: { factorType, enrollmentToken, enrollmentData: { passCode } } });

describe('enrollment token', () => {
  test('is refused once it has been used', async () => {
    const user = await signUpAndSignIn(server);
    const { enrollmentToken, secret } = await startOtpEnrollment(server, user.token);
    expect((await enroll(user.token, enrollmentToken, generateTotp(secret, server.clock.now()))).body.statusCode).toBe(200);
    server.clock.advanceSeconds(30);
    const reuse = await enroll(user.token, enrollmentToken, generateTotp(secret, server.clock.now()));
    expect(reuse.body).toMatchObject({ statusCode: 400, apiCode: 46050 });
  });

  test('is refused 61 s after it was issued', async () => {
    const user = await signUpAndSignIn(server);
    const { enrollmentToken, secret } = await startOtpEnrollment(server, user.token);
    server.clock.advanceSeconds(61);
    const late = await enroll(user.token, enrollmentToken, generateTotp(secret, server.clock.now()));
    expect(late.body).toMatchObject({ statusCode: 400, apiCode: 46050 });
  });

  test('still works 59 s after it was issued', async () => {
    const user = await signUpAndSignIn(server);
    const { enrollmentToken, secret } = await startOtpEnrollment(server, user.token);
    server.clock.advanceSeconds(59);
    expect((await enroll(user.token, enrollmentToken, generateTotp(secret, server.clock.now()))).body.statusCode).toBe(200);
  });

  test('is refused for another user, even with the right code', async () => {
    const owner = await signUpAndSignIn(server);
    const thief = await signUpAndSignIn(server);
    const { enrollmentToken, secret } = await startOtpEnrollment(server, owner.token);
    const stolen = await enroll(thief.token, enrollmentToken, generateTotp(secret, server.clock.now()));
    expect(stolen.body).toMatchObject({ statusCode: 400, apiCode: 46050 });
  });

  test('dies after 5 wrong codes: the right code is then refused too', async () => {
    const user = await signUpAndSignIn(server);
    const { enrollmentToken, secret } = await startOtpEnrollment(server, user.token);
    const right = generateTotp(secret, server.clock.now());
    const wrong = right === '000000' ? '000001' : '000000';
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await enroll(user.token, enrollmentToken, wrong)).body).toMatchObject({ apiCode: 6001 });
    }
    expect((await enroll(user.token, enrollmentToken, right)).body).toMatchObject({ statusCode: 400, apiCode: 46050 });
  });

  test('50 parallel wrong guesses evaluate at most 5', async () => {
    const user = await signUpAndSignIn(server);
    const started = await api(server, 'POST', '/api/v3/send-enroll-factor-request', {
      token: user.token,
      body: { factorType: 'EMAIL', profile: { email: 'guessed@example.com' } },
    });
    const token = started.body.data.enrollmentToken as string;
    const right = server.lastCodeFor('guessed@example.com');
    const guesses = Array.from({ length: 50 }, (_, i) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0'));
    const answers = await Promise.all(guesses.map((guess) => enroll(user.token, token, guess, 'EMAIL')));
    expect(answers.filter((answer) => answer.body.apiCode === 6001).length).toBeLessThanOrEqual(5);
    expect(answers.every((answer) => answer.body.statusCode !== 200)).toBe(true);
  });

  test('10 concurrent confirmations with one token bind exactly one factor', async () => {
    const user = await signUpAndSignIn(server);
    const { enrollmentToken, secret } = await startOtpEnrollment(server, user.token);
    const code = generateTotp(secret, server.clock.now());
    const answers = await Promise.all(Array.from({ length: 10 }, () => enroll(user.token, enrollmentToken, code)));
    expect(answers.filter((answer) => answer.body.statusCode === 200)).toHaveLength(1);
    const listed = await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token });
    expect(listed.body.data).toHaveLength(1);
  });
});
