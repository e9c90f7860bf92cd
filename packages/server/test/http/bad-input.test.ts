import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * Every endpoint validates its input against its schema: missing, extra and wrong-typed fields, unknown
 * enum values and hostile sizes all answer a 400 envelope (HTTP 200) naming the problem, never a 500.
 */
const fixture = useTestServer({}, async (server) => ({ user: await signUpAndSignIn(server) }));
const { server } = fixture;

const TEN_KB = 'a'.repeat(10 * 1024);

type Case = { name: string; method: 'GET' | 'POST'; path: string; body?: unknown; query?: Record<string, string> };

const CASES: Case[] = [
  { name: 'send-enroll: no profile', method: 'POST', path: '/api/v3/send-enroll-factor-request', body: { factorType: 'OTP' } },
  { name: 'send-enroll: no factorType', method: 'POST', path: '/api/v3/send-enroll-factor-request', body: { profile: {} } },
  { name: 'send-enroll: unknown factorType', method: 'POST', path: '/api/v3/send-enroll-factor-request', body: { factorType: 'PIGEON', profile: {} } },
  { name: 'send-enroll: lower-case factorType', method: 'POST', path: '/api/v3/send-enroll-factor-request', body: { factorType: 'otp', profile: {} } },
  { name: 'send-enroll: factorType is a number', method: 'POST', path: '/api/v3/send-enroll-factor-request', body: { factorType: 1, profile: {} } },
  { name: 'send-enroll: extra top-level field', method: 'POST', path: '/api/v3/send-enroll-factor-request', body: { factorType: 'OTP', profile: {}, admin: true } },
  { name: 'send-enroll: extra profile field', method: 'POST', path: '/api/v3/send-enroll-factor-request', body: { factorType: 'OTP', profile: { secret: 'x' } } },
  { name: 'send-enroll: profile is a string', method: 'POST', path: '/api/v3/send-enroll-factor-request', body: { factorType: 'OTP', profile: 'x' } },
  { name: 'send-enroll: body is an array', method: 'POST', path: '/api/v3/send-enroll-factor-request', body: [] },
  { name: 'enroll: no enrollmentToken', method: 'POST', path: '/api/v3/enroll-factor', body: { factorType: 'OTP', enrollmentData: { passCode: '123456' } } },
  { name: 'enroll: no enrollmentData', method: 'POST', path: '/api/v3/enroll-factor', body: { factorType: 'OTP', enrollmentToken: 't' } },
  { name: 'enroll: passCode is a number', method: 'POST', path: '/api/v3/enroll-factor', body: { factorType: 'OTP', enrollmentToken: 't', enrollmentData: { passCode: 123456 } } },
  { name: 'enroll: empty enrollmentToken', method: 'POST', path: '/api/v3/enroll-factor', body: { factorType: 'OTP', enrollmentToken: '', enrollmentData: { passCode: '123456' } } },
  { name: 'enroll: 10 kB enrollmentToken', method: 'POST', path: '/api/v3/enroll-factor', body: { factorType: 'OTP', enrollmentToken: TEN_KB, enrollmentData: { passCode: '123456' } } },
  { name: 'enroll: extra enrollmentData field', method: 'POST', path: '/api/v3/enroll-factor', body: { factorType: 'OTP', enrollmentToken: 't', enrollmentData: { passCode: '1', x: 1 } } },
  { name: 'reset: no factorId', method: 'POST', path: '/api/v3/reset-factor', body: {} },
  { name: 'reset: empty factorId', method: 'POST', path: '/api/v3/reset-factor', body: { factorId: '' } },
  { name: 'reset: 10 kB factorId', method: 'POST', path: '/api/v3/reset-factor', body: { factorId: TEN_KB } },
  { name: 'reset: factorId is a number', method: 'POST', path: '/api/v3/reset-factor', body: { factorId: 42 } },
  { name: 'reset: factorId is null', method: 'POST', path: '/api/v3/reset-factor', body: { factorId: null } },
  { name: 'get: no factorId', method: 'GET', path: '/api/v3/get-factor' },
  { name: 'get: empty factorId', method: 'GET', path: '/api/v3/get-factor', query: { factorId: '' } },
  { name: 'get: 10 kB factorId', method: 'GET', path: '/api/v3/get-factor', query: { factorId: TEN_KB } },
  { name: 'verify: no totp', method: 'POST', path: '/api/v3/mfa-totp-verify', body: {} },
  { name: 'verify: totp is a number', method: 'POST', path: '/api/v3/mfa-totp-verify', body: { totp: 123456 } },
  { name: 'verify: totp is null', method: 'POST', path: '/api/v3/mfa-totp-verify', body: { totp: null } },
  { name: 'verify: 17-character totp', method: 'POST', path: '/api/v3/mfa-totp-verify', body: { totp: '1'.repeat(17) } },
  { name: 'signup: unknown connection', method: 'POST', path: '/api/v3/signup', body: { connection: 'MAGIC', passwordPayload: { email: 'a@b.co', password: 'xxxxxxxxxx' } } },
  { name: 'signin: no connection', method: 'POST', path: '/api/v3/signin', body: { passwordPayload: { email: 'a@b.co', password: 'xxxxxxxxxx' } } },
  { name: 'signin: password is a number', method: 'POST', path: '/api/v3/signin', body: { connection: 'PASSWORD', passwordPayload: { email: 'a@b.co', password: 12345678 } } },
  // PostgreSQL refuses NUL in text and bounds the users columns; the schema answers first, on every database.
  { name: 'signup: NUL in email', method: 'POST', path: '/api/v3/signup', body: { connection: 'PASSWORD', passwordPayload: { email: 'a\u0000@b.co', password: 'xxxxxxxxxx' } } },
  { name: 'signup: 33-character profile.phone', method: 'POST', path: '/api/v3/signup', body: { connection: 'PASSWORD', passwordPayload: { email: 'a@b.co', password: 'xxxxxxxxxx' }, profile: { phone: '1'.repeat(33) } } },
  { name: 'signup: profile nested 6 deep', method: 'POST', path: '/api/v3/signup', body: { connection: 'PASSWORD', passwordPayload: { email: 'a@b.co', password: 'xxxxxxxxxx' }, profile: { customData: [[[[[[1]]]]]] } } },
  { name: 'signin: NUL in account', method: 'POST', path: '/api/v3/signin', body: { connection: 'PASSWORD', passwordPayload: { account: 'a\u0000b', password: 'xxxxxxxxxx' } } },
  { name: 'reset: NUL in factorId', method: 'POST', path: '/api/v3/reset-factor', body: { factorId: 'a\u0000b' } },
  { name: 'get: NUL in factorId', method: 'GET', path: '/api/v3/get-factor', query: { factorId: 'a\u0000b' } },
];

describe('schema validation answers 400 VALIDATION_FAILED', () => {
  test.each(CASES)('$name', async ({ method, path, body, query }) => {
    const answer = await api(server, method, path, { token: fixture.user.token, body, query, lang: 'en-US' });
    expect(answer.httpStatus).toBe(200);
    expect(answer.body).toMatchObject({ statusCode: 400, apiCode: 46001 });
    expect(answer.body.message).toMatch(/^Invalid request: /);
    expect(answer.body.requestId).toEqual(expect.any(String));
  });
});

describe('malformed bodies', () => {
  test('malformed JSON answers 400 MALFORMED_JSON', async () => {
    const answer = await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: fixture.user.token, rawBody: '{"totp": "12' });
    expect(answer.httpStatus).toBe(200);
    expect(answer.body).toMatchObject({ statusCode: 400, apiCode: 46002 });
  });

  test('an empty body with a JSON content type answers 400 MALFORMED_JSON', async () => {
    const answer = await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: fixture.user.token, rawBody: '' });
    expect(answer.body).toMatchObject({ statusCode: 400, apiCode: 46002 });
  });

  test('a body over the limit answers 413 PAYLOAD_TOO_LARGE', async () => {
    const answer = await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: fixture.user.token, body: { totp: 'x'.repeat(70_000) } });
    expect(answer.body).toMatchObject({ statusCode: 413, apiCode: 46003 });
  });

  test('a non-JSON content type answers 400 UNSUPPORTED_MEDIA_TYPE', async () => {
    const answer = await api(server, 'POST', '/api/v3/mfa-totp-verify', {
      token: fixture.user.token,
      headers: { 'content-type': 'application/xml' },
      rawBody: '<totp>123456</totp>',
    });
    expect(answer.body).toMatchObject({ statusCode: 400, apiCode: 46005 });
  });
});
