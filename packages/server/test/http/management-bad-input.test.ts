import { describe, expect, test } from 'vitest';
import { createAccessKey, signedCall } from '../support/management.js';
import { useTestServer } from '../support/use-test-server.js';

/** Bad input to a correctly signed management call is a clear 4xx envelope, never a 500, on every database. */
const fixture = useTestServer({}, async (server) => {
  server.clock.set(Date.now());
  return { key: await createAccessKey(server) };
});
const { server } = fixture;

const CASES: { name: string; method: 'GET' | 'POST'; path: string; query?: Record<string, string>; body?: Record<string, unknown>; statusCode: number }[] = [
  { name: 'an unsupported userIdType', method: 'GET', path: 'get-user-mfa-info', query: { userId: 'x', userIdType: 'identity' }, statusCode: 400 },
  { name: 'no userId', method: 'GET', path: 'get-user', query: {}, statusCode: 400 },
  { name: 'a NUL in userId', method: 'GET', path: 'get-user', query: { userId: 'a\u0000b' }, statusCode: 400 },
  { name: 'an unknown factor type', method: 'POST', path: 'update-global-mfa-settings', body: { enabledFactors: ['PIGEON'] }, statusCode: 400 },
  { name: 'enabledFactors as a string', method: 'POST', path: 'update-global-mfa-settings', body: { enabledFactors: 'OTP' }, statusCode: 400 },
  { name: 'an unknown app', method: 'POST', path: 'update-application-mfa-settings', body: { appId: 'nope', enabledFactors: ['OTP'] }, statusCode: 404 },
  { name: 'a user with no identifier', method: 'POST', path: 'create-user', body: { nickname: 'nobody' }, statusCode: 400 },
  { name: 'a malformed email', method: 'POST', path: 'create-user', body: { email: 'not an email' }, statusCode: 400 },
  { name: 'a too short password', method: 'POST', path: 'create-user', body: { email: 'short-pw@example.com', password: 'x' }, statusCode: 400 },
  { name: 'a page size of 51', method: 'POST', path: 'list-users', body: { options: { pagination: { page: 1, limit: 51 } } }, statusCode: 400 },
  { name: 'a filter on an unsupported field', method: 'POST', path: 'list-users', body: { advancedFilter: [{ field: 'city', operator: 'EQUAL', value: 'x' }] }, statusCode: 400 },
  { name: '101 user ids to delete', method: 'POST', path: 'delete-users-batch', body: { userIds: Array.from({ length: 101 }, (_, i) => `u${i}`) }, statusCode: 400 },
  { name: 'an empty import-otp list', method: 'POST', path: 'import-otp', body: { list: [] }, statusCode: 400 },
  { name: 'mfaTriggerData without applicationMfa', method: 'POST', path: 'set-mfa-status', body: { userId: 'x', mfaTriggerData: { mfaToken: 'x' } }, statusCode: 400 },
  { name: 'a cursor listing with limit 0', method: 'GET', path: 'tessera/list-audit-events', query: { limit: '0' }, statusCode: 400 },
  { name: 'a cursor listing with a limit that is no number', method: 'GET', path: 'tessera/list-audit-events', query: { limit: 'ten' }, statusCode: 400 },
  { name: 'a cursor listing with a fractional limit', method: 'GET', path: 'tessera/list-deliveries', query: { limit: '2.5' }, statusCode: 400 },
  { name: 'a webhook delivery page with a limit that is no number', method: 'GET', path: 'tessera/list-webhook-deliveries', query: { limit: 'NaN' }, statusCode: 400 },
];

describe('management bad input', () => {
  test.each(CASES)('$name → $statusCode', async ({ method, path, query, body, statusCode }) => {
    const answer = await signedCall(server, fixture.key, { method, path: `/api/v3/${path}`, query, body });
    expect(answer).toMatchObject({ statusCode, apiCode: expect.any(Number) });
  });

  test('an email another user holds is a 409 on update-user', async () => {
    const call = (body: Record<string, unknown>) => signedCall(server, fixture.key, { method: 'POST', path: '/api/v3/create-user', body });
    await call({ email: 'taken@example.com' });
    const other = await call({ email: 'other@example.com' });
    const answer = await signedCall(server, fixture.key, { method: 'POST', path: '/api/v3/update-user', body: { userId: other.data.userId, email: 'TAKEN@example.com' } });
    expect(answer).toMatchObject({ statusCode: 409, apiCode: 46020 });
  });
});
