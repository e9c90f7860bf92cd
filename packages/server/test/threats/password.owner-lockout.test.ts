/**
 * Attack: locking the owner out. A throttle keyed by the account alone hands a stranger a switch: hammer
 * the victim's login with wrong passwords and the victim's own right password is refused for as long as
 * the stranger keeps going. Defence: the account budget is keyed by account AND client IP, and the IP
 * budget by IP, so what one source spends throttles that source only; the owner signing in from their own
 * address is never refused because someone else guessed (the attacker's source is, right password or not).
 * The two clients here are real loopback addresses (127.0.0.2, 127.0.0.3), not a forwarded header.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { apiFrom } from '../support/api-from.js';
import { signUpAndSignIn, type SignedInUser } from '../support/accounts.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const ATTACKER = '127.0.0.2';
const OWNER = '127.0.0.3';

let server: TestServer;
afterEach(() => server.close());

const signInFrom = (source: string, email: string, password: string) =>
  apiFrom(server, source, '/api/v3/signin', {
    connection: 'PASSWORD',
    passwordPayload: { email, password },
    client_id: server.appId,
    client_secret: server.appSecret,
  });

async function hammer(victim: SignedInUser, guesses: number): Promise<number[]> {
  const answers = await Promise.all(Array.from({ length: guesses }, (_, i) => signInFrom(ATTACKER, victim.email, `guess ${i}`)));
  return answers.map((answer) => answer.body.apiCode as number);
}

describe('a stranger hammering an account', () => {
  test('the owner still signs in from their own address while the attacker is refused', async () => {
    server = await startTestServer({ config: { maxPasswordFailuresPerAccountPerHour: 10, maxPasswordFailuresPerAccountPerDay: 20 } });
    const victim = await signUpAndSignIn(server);
    const codes = await hammer(victim, 50);
    expect(codes.filter((code) => code === 46022).length).toBeGreaterThan(0);
    // The attacker's source is throttled, even when it finally guesses right.
    expect((await signInFrom(ATTACKER, victim.email, victim.password)).body).toMatchObject({ statusCode: 429, apiCode: 46022 });
    const owner = await signInFrom(OWNER, victim.email, victim.password);
    expect(owner.body.statusCode).toBe(200);
    expect(owner.body.data.access_token).toEqual(expect.any(String));
  });

  test("the owner's own typos still have the owner's whole budget", async () => {
    server = await startTestServer({ config: { maxPasswordFailuresPerAccountPerHour: 3 } });
    const victim = await signUpAndSignIn(server);
    await hammer(victim, 10);
    for (let i = 0; i < 3; i++) expect((await signInFrom(OWNER, victim.email, 'a typo here')).body.apiCode).toBe(2333);
    expect((await signInFrom(OWNER, victim.email, victim.password)).body).toMatchObject({ statusCode: 429, apiCode: 46022 });
  });

  test('an attacker over its per-IP budget does not touch another address', async () => {
    server = await startTestServer({ config: { maxPasswordFailuresPerIpPerHour: 4 } });
    const victim = await signUpAndSignIn(server);
    for (let i = 0; i < 6; i++) await signInFrom(ATTACKER, `someone-${i}@example.com`, 'wrong password');
    expect((await signInFrom(ATTACKER, victim.email, victim.password)).body.apiCode).toBe(46022);
    expect((await signInFrom(OWNER, victim.email, victim.password)).body.statusCode).toBe(200);
  });
});
