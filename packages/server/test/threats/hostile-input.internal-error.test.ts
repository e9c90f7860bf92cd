/**
 * Attack: hostile input that reaches past validation and breaks the request with a 500. Found against a
 * live server: a 30,000-deep array in the sign-up profile (open objects were never validated, and the
 * stack overflowed where the profile is serialised for storage); on PostgreSQL, a profile phone over 32 or
 * a country code over 8 characters (the column's bound, which SQLite does not enforce) and a NUL byte in
 * an email, username, account or factorId (PostgreSQL refuses NUL in text). A 500 is a probe that tells
 * the attacker which database runs and whether a check exists, and its noise hides real faults. Defence:
 * schema limits for depth, length and control characters, in the contract, so every database sees the
 * same clear 400 VALIDATION_FAILED envelope. Run explicitly on SQLite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn, type SignedInUser } from '../support/accounts.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/throwaway-postgres.js';
import { SERVER_DIALECT } from '../support/test-dialects.js';

const PASSWORD = 'correct horse battery staple';
const DEPTH = 30_000;

type Probe = { name: string; method: 'GET' | 'POST'; path: string; body?: unknown; rawBody?: string; query?: Record<string, string> };

const signUp = (passwordPayload: object, profile?: object): Probe['body'] => ({
  connection: 'PASSWORD',
  passwordPayload: { password: PASSWORD, ...passwordPayload },
  ...(profile ? { profile } : {}),
});
const signIn = (passwordPayload: object): Probe['body'] => ({ connection: 'PASSWORD', passwordPayload: { password: PASSWORD, ...passwordPayload } });

const PROBES: Probe[] = [
  {
    name: 'a 30,000-deep array in the sign-up profile',
    method: 'POST',
    path: '/api/v3/signup',
    rawBody: `{"connection":"PASSWORD","passwordPayload":{"email":"deep-array@example.com","password":"${PASSWORD}"},"profile":{"customData":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}}`,
  },
  {
    name: 'a 30,000-deep object in the sign-up profile',
    method: 'POST',
    path: '/api/v3/signup',
    rawBody: `{"connection":"PASSWORD","passwordPayload":{"email":"deep-object@example.com","password":"${PASSWORD}"},"profile":{"x":${'{"a":'.repeat(DEPTH / 6)}1${'}'.repeat(DEPTH / 6)}}}`,
  },
  { name: 'a 33-character profile.phone', method: 'POST', path: '/api/v3/signup', body: signUp({ email: 'long-phone@example.com' }, { phone: '1'.repeat(33) }) },
  {
    name: 'a 9-character profile.phoneCountryCode',
    method: 'POST',
    path: '/api/v3/signup',
    body: signUp({ email: 'long-cc@example.com' }, { phone: '13800138000', phoneCountryCode: '+12345678' }),
  },
  { name: 'a NUL byte in the sign-up email', method: 'POST', path: '/api/v3/signup', body: signUp({ email: 'nul\u0000@example.com' }) },
  { name: 'a NUL byte in the sign-up username', method: 'POST', path: '/api/v3/signup', body: signUp({ username: 'nul\u0000name' }) },
  { name: 'a NUL byte in the sign-in email', method: 'POST', path: '/api/v3/signin', body: signIn({ email: 'nul\u0000@example.com' }) },
  { name: 'a NUL byte in the sign-in username', method: 'POST', path: '/api/v3/signin', body: signIn({ username: 'nul\u0000name' }) },
  { name: 'a NUL byte in the sign-in account', method: 'POST', path: '/api/v3/signin', body: signIn({ account: 'nul\u0000name' }) },
  { name: 'a NUL byte in the sign-in phone', method: 'POST', path: '/api/v3/signin', body: signIn({ phone: '1380013\u00008000' }) },
  { name: 'a NUL byte in get-factor factorId', method: 'GET', path: '/api/v3/get-factor', query: { factorId: 'abc\u0000def' } },
  { name: 'a NUL byte in reset-factor factorId', method: 'POST', path: '/api/v3/reset-factor', body: { factorId: 'abc\u0000def' } },
];

describe.each([SERVER_DIALECT])('on %s', (dialect) => {
  let server: TestServer;
  let database: ThrowawayDatabase | undefined;
  let user: SignedInUser;
  beforeAll(async () => {
    database = dialect === 'postgres' ? await createThrowawayDatabase() : undefined;
    server = await startTestServer({ config: database ? { databaseUrl: database.url } : {} });
    user = await signUpAndSignIn(server);
  });
  afterAll(async () => {
    await server.close();
    await database?.drop();
  });

  test.each(PROBES)('$name answers a 400 VALIDATION_FAILED envelope, not a 500', async ({ method, path, body, rawBody, query }) => {
    const answer = await api(server, method, path, { token: user.token, body, rawBody, query, lang: 'en-US' });
    expect(answer.httpStatus).toBe(200);
    expect(answer.body).toMatchObject({ statusCode: 400, apiCode: 46001, message: expect.stringMatching(/^Invalid request: /) });
    expect(server.logs.entries().filter((entry) => entry.msg === 'unexpected error')).toEqual([]);
  });

  test('a control character is named as such in the message', async () => {
    const answer = await api(server, 'POST', '/api/v3/signup', { body: signUp({ username: 'nul\u0000name' }), lang: 'en-US' });
    expect(answer.body.message).toMatch(/username must not contain control characters/);
  });

  test('moderately nested profile data is still accepted and kept', async () => {
    const customData = { plan: { tier: 'gold', tags: ['a', 'b'], limits: { seats: 5 } } };
    const answer = await api(server, 'POST', '/api/v3/signup', {
      body: signUp({ email: `nested-${dialect}@example.com` }, { nickname: 'N', customData }),
    });
    expect(answer.body.statusCode).toBe(200);
  });
});
