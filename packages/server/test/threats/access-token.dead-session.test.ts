/**
 * Threat: an access token outlives its session — revoked (resetting a factor ends the user's other
 * sessions, ENR-03) or past its absolute lifetime (AZ-06) — and its holder keeps reading the user's factors
 * until the token itself expires. get-factor and list-enrolled-factors check the session in the statement
 * that reads the factors (issue 14), not in the hook every other user route shares; they must refuse such a
 * token at once, with exactly the answer the other routes give, whatever factor id it asks for.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signIn, signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const SESSION_MAX_AGE_SECONDS = 600;

let server: TestServer;
beforeAll(async () => {
  // Tokens that outlive the session, to show the session's own end.
  server = await startTestServer({ config: { accessTokenTtlSeconds: 86_400, sessionMaxAgeSeconds: SESSION_MAX_AGE_SECONDS } });
});
afterAll(() => server.close());

const withoutRequestId = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });

/** The answers of the two reads and of a route checked in the shared hook (list-factors-to-enroll). */
async function answersTo(token: string, factorId: string) {
  const [getFactor, listEnrolled, sharedHook] = await Promise.all([
    api(server, 'GET', '/api/v3/get-factor', { token, query: { factorId } }),
    api(server, 'GET', '/api/v3/list-enrolled-factors', { token }),
    api(server, 'GET', '/api/v3/list-factors-to-enroll', { token }),
  ]);
  return { getFactor: withoutRequestId(getFactor.body), listEnrolled: withoutRequestId(listEnrolled.body), sharedHook: withoutRequestId(sharedHook.body) };
}

describe('a token whose session has ended', () => {
  test('revoked: both reads refuse it at once, as every user route does', async () => {
    const user = await signUpAndSignIn(server);
    const otherSession = await signIn(server, user.email, user.password);
    const otp = await enrollOtp(server, user.token);
    expect((await api(server, 'POST', '/api/v3/reset-factor', { token: user.token, body: { factorId: otp.factorId } })).body.statusCode).toBe(200);

    const answers = await answersTo(otherSession, otp.factorId);
    expect(answers.sharedHook).toMatchObject({ statusCode: 401, apiCode: 46010 });
    expect(answers.getFactor).toEqual(answers.sharedHook);
    expect(answers.listEnrolled).toEqual(answers.sharedHook);
  });

  test('past its absolute lifetime: both reads refuse it from that moment, as every user route does', async () => {
    const user = await signUpAndSignIn(server);
    const sessionEnds = server.clock.now() + SESSION_MAX_AGE_SECONDS * 1000;
    const otp = await enrollOtp(server, user.token);
    server.clock.set(sessionEnds - 1);
    expect(await answersTo(user.token, otp.factorId)).toMatchObject({ getFactor: { statusCode: 200 }, listEnrolled: { statusCode: 200 } });
    server.clock.set(sessionEnds);

    const answers = await answersTo(user.token, otp.factorId);
    expect(answers.sharedHook).toMatchObject({ statusCode: 401, apiCode: 46010 });
    expect(answers.getFactor).toEqual(answers.sharedHook);
    expect(answers.listEnrolled).toEqual(answers.sharedHook);
  });

  test("asking for another user's factor or an unknown one changes nothing: the session is refused first", async () => {
    const owner = await signUpAndSignIn(server);
    const ownersFactor = await enrollOtp(server, owner.token);
    const user = await signUpAndSignIn(server);
    const otherSession = await signIn(server, user.email, user.password);
    const otp = await enrollOtp(server, user.token);
    await api(server, 'POST', '/api/v3/reset-factor', { token: user.token, body: { factorId: otp.factorId } });

    const foreign = await answersTo(otherSession, ownersFactor.factorId);
    const unknown = await answersTo(otherSession, '0123456789abcdef01234567');
    expect(foreign.getFactor).toMatchObject({ statusCode: 401, apiCode: 46010 });
    expect(unknown.getFactor).toEqual(foreign.getFactor);
  });
});
