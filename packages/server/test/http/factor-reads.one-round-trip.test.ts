/**
 * Issue 14: get-factor and list-enrolled-factors go to the database once per request — the session check
 * and the factor read are one statement — and write only when the session's use is due (at most once a
 * minute, AZ-06). Every statement the server runs is counted where the store meets Kysely.
 */
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSqlStore } from '../../src/storage/store.js';
import { api } from '../support/api.js';
import { signIn, signUpAndSignIn, type SignedInUser } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { openSqlHarness, type SqlHarness } from '../support/storage-implementations.js';
import { SERVER_DIALECT } from '../support/test-dialects.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let statements = 0;
const countStatements: KyselyPlugin = {
  transformQuery: ({ node }) => node,
  transformResult: async ({ result }) => {
    statements += 1;
    return result;
  },
};

let harness: SqlHarness;
let server: TestServer;
let user: SignedInUser;
let factorId: string;
beforeAll(async () => {
  harness = await openSqlHarness(SERVER_DIALECT);
  // The webhook worker's first round comes a minute after the start: none during these requests.
  server = await startTestServer({ config: { webhookPollMs: 60_000 }, overrides: { store: createSqlStore(harness.db.withPlugin(countStatements)) } });
  user = await signUpAndSignIn(server);
  factorId = (await enrollOtp(server, user.token)).factorId;
});
afterAll(async () => {
  await server?.close();
  await harness?.close();
});

/** The statements one request ran, and its answer. */
async function counted(request: () => Promise<{ body: any }>) {
  const before = statements;
  const { body } = await request();
  return { statements: statements - before, body };
}
const getFactor = (token: string, id = factorId) => api(server, 'GET', '/api/v3/get-factor', { token, query: { factorId: id } });
const listFactors = (token: string) => api(server, 'GET', '/api/v3/list-enrolled-factors', { token });

describe(`one statement per read (${SERVER_DIALECT})`, () => {
  test('get-factor: the session check and the read are one statement', async () => {
    expect(await counted(() => getFactor(user.token))).toMatchObject({ statements: 1, body: { statusCode: 200, data: { factorId } } });
  });

  test('get-factor of an unknown id: still one statement', async () => {
    expect(await counted(() => getFactor(user.token, '0123456789abcdef01234567'))).toMatchObject({ statements: 1, body: { statusCode: 404 } });
  });

  test('list-enrolled-factors: one statement', async () => {
    expect(await counted(() => listFactors(user.token))).toMatchObject({ statements: 1, body: { statusCode: 200, data: [{ factorId }] } });
  });

  test("the session's use is written once a minute at most: one more statement when due, then none", async () => {
    server.clock.advanceSeconds(61);
    // The app's cache (60 s at most) has lapsed too: a token that fails verification reloads it.
    expect((await getFactor('not-a-token')).body).toMatchObject({ statusCode: 401 });
    expect(await counted(() => getFactor(user.token))).toMatchObject({ statements: 2, body: { statusCode: 200 } });
    expect(await counted(() => listFactors(user.token))).toMatchObject({ statements: 1, body: { statusCode: 200 } });
  });

  test('a revoked session is refused by that same one statement', async () => {
    const owner = await signUpAndSignIn(server);
    const secondToken = await signIn(server, owner.email, owner.password);
    const otp = await enrollOtp(server, owner.token);
    // Resetting a factor ends the user's other sessions (ENR-03).
    expect((await api(server, 'POST', '/api/v3/reset-factor', { token: owner.token, body: { factorId: otp.factorId } })).body.statusCode).toBe(200);
    expect(await counted(() => getFactor(secondToken, otp.factorId))).toMatchObject({ statements: 1, body: { statusCode: 401, apiCode: 46010 } });
    expect(await counted(() => listFactors(secondToken))).toMatchObject({ statements: 1, body: { statusCode: 401, apiCode: 46010 } });
  });
});
