/**
 * Attack: codes pile up. Someone asks for several codes and guesses against all of them at once, or an
 * old code read over a shoulder (or from an old message) is used after a newer one was sent; and every
 * resend hands a guesser a fresh set of attempts. Defence (OOB-04): a new code invalidates the previous
 * one of the same user and factor type, and the attempts already spent carry over to the new one.
 */
import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

async function requestEmailCode(token: string, email: string) {
  const answer = await api(server, 'POST', '/api/v3/send-enroll-factor-request', { token, body: { factorType: 'EMAIL', profile: { email } } });
  expect(answer.body.statusCode).toBe(200);
  return { enrollmentToken: answer.body.data.enrollmentToken as string, code: server.lastCodeFor(email) };
}

const confirm = (token: string, enrollmentToken: string, passCode: string) =>
  api(server, 'POST', '/api/v3/enroll-factor', { token, body: { factorType: 'EMAIL', enrollmentToken, enrollmentData: { passCode } } });

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('a new code invalidates the previous one', () => {
  test('the previous code, with its own token, is refused once a new code was sent', async () => {
    const user = await signUpAndSignIn(server);
    const first = await requestEmailCode(user.token, 'old-code@example.com');
    await requestEmailCode(user.token, 'new-code@example.com');
    expect((await confirm(user.token, first.enrollmentToken, first.code)).body).toMatchObject({ statusCode: 400, apiCode: 46050 });
  });

  test('the new code works', async () => {
    const user = await signUpAndSignIn(server);
    await requestEmailCode(user.token, 'superseded@example.com');
    const second = await requestEmailCode(user.token, 'current@example.com');
    expect((await confirm(user.token, second.enrollmentToken, second.code)).body.statusCode).toBe(200);
  });

  test('attempts spent on the previous code carry over: a resend does not reset the failure count', async () => {
    const user = await signUpAndSignIn(server);
    const first = await requestEmailCode(user.token, 'guess-a@example.com');
    for (let i = 0; i < 4; i++) expect((await confirm(user.token, first.enrollmentToken, wrong(first.code))).body.apiCode).toBe(6001);
    const second = await requestEmailCode(user.token, 'guess-b@example.com');
    // Five attempts per enrollment: the fifth is spent on the new token, the sixth finds none left.
    expect((await confirm(user.token, second.enrollmentToken, wrong(second.code))).body.apiCode).toBe(6001);
    expect((await confirm(user.token, second.enrollmentToken, second.code)).body).toMatchObject({ statusCode: 400, apiCode: 46050 });
  });

  test("another user's new code leaves this user's code alone", async () => {
    const alice = await signUpAndSignIn(server);
    const bob = await signUpAndSignIn(server);
    const aliceCode = await requestEmailCode(alice.token, 'alice-code@example.com');
    await requestEmailCode(bob.token, 'bob-code@example.com');
    expect((await confirm(alice.token, aliceCode.enrollmentToken, aliceCode.code)).body.statusCode).toBe(200);
  });
});
