/**
 * Threat: a signed-in user guesses or learns another user's factor id and reads or removes it (IDOR).
 * Every verb must answer exactly as for an id that does not exist, so ids cannot even be confirmed (AZ-01).
 */
import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { useTestServer } from '../support/use-test-server.js';

const fixture = useTestServer({}, async (server) => {
  const owner = await signUpAndSignIn(server);
  const intruder = await signUpAndSignIn(server);
  return { owner, intruder, ownersFactorId: (await enrollOtp(server, owner.token)).factorId };
});
const { server } = fixture;

const UNKNOWN_ID = '0123456789abcdef01234567';
const withoutRequestId = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });

describe('another user’s factor', () => {
  test('get-factor answers exactly like an unknown id', async () => {
    const foreign = await api(server, 'GET', '/api/v3/get-factor', { token: fixture.intruder.token, query: { factorId: fixture.ownersFactorId } });
    const unknown = await api(server, 'GET', '/api/v3/get-factor', { token: fixture.intruder.token, query: { factorId: UNKNOWN_ID } });
    expect(foreign.body).toMatchObject({ statusCode: 404, apiCode: 46060 });
    expect(withoutRequestId(foreign.body)).toEqual(withoutRequestId(unknown.body));
  });

  test('reset-factor answers exactly like an unknown id and leaves the factor bound', async () => {
    const foreign = await api(server, 'POST', '/api/v3/reset-factor', { token: fixture.intruder.token, body: { factorId: fixture.ownersFactorId } });
    const unknown = await api(server, 'POST', '/api/v3/reset-factor', { token: fixture.intruder.token, body: { factorId: UNKNOWN_ID } });
    expect(withoutRequestId(foreign.body)).toEqual(withoutRequestId(unknown.body));
    const stillThere = await api(server, 'GET', '/api/v3/get-factor', { token: fixture.owner.token, query: { factorId: fixture.ownersFactorId } });
    expect(stillThere.body).toMatchObject({ statusCode: 200, data: { factorId: fixture.ownersFactorId } });
  });

  test('list-enrolled-factors shows only the caller’s own factors', async () => {
    const listed = await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: fixture.intruder.token });
    expect(listed.body.data).toEqual([]);
  });

  test('mfa-totp-verify checks only the caller’s own OTP factor', async () => {
    const answer = await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: fixture.intruder.token, body: { totp: '123456' } });
    expect(answer.body).toMatchObject({ statusCode: 400, apiCode: 46061 });
  });
});
