import { describe, expect, test } from 'vitest';
import { signUpAndSignIn } from '../support/accounts.js';
import { api } from '../support/api.js';
import { enrollByCode, enrollOtp } from '../support/factors.js';
import { createAccessKey, signedCall } from '../support/management.js';
import { useTestServer } from '../support/use-test-server.js';

/** Tessera's own admin endpoints (/api/v3/tessera/*), signed like every management call. */
const fixture = useTestServer({}, async (server) => {
  server.clock.set(Date.now());
  return { key: await createAccessKey(server) };
});
const { server } = fixture;
const get = (path: string, query: Record<string, string>) => signedCall(server, fixture.key, { method: 'GET', path: `/api/v3/tessera/${path}`, query });
const post = (path: string, body: Record<string, unknown>) => signedCall(server, fixture.key, { method: 'POST', path: `/api/v3/tessera/${path}`, body });

describe("an operator's hold on a user's factors and sessions", () => {
  test('list factors, regenerate the recovery code, unlock, reset one factor then all; the sessions end', async () => {
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    await enrollByCode(server, user.token, 'EMAIL', { email: user.email }, user.email);
    const listed = await get('list-user-factors', { userId: user.email, userIdType: 'email' });
    expect(listed).toMatchObject({ statusCode: 200 });
    expect(listed.data.map((factor: { factorType: string }) => factor.factorType).sort()).toEqual(['EMAIL', 'OTP']);
    expect(JSON.stringify(listed)).not.toMatch(/secret/i);

    const regenerated = await post('regenerate-recovery-code', { userId: user.userId });
    expect(regenerated).toMatchObject({ statusCode: 200, data: { recoveryCode: expect.any(String) } });
    expect(await post('unlock-user', { userId: user.userId })).toMatchObject({ statusCode: 200, data: { unlocked: true } });

    const otp = listed.data.find((factor: { factorType: string }) => factor.factorType === 'OTP');
    expect(await post('reset-user-factors', { userId: user.userId, factorId: otp.factorId })).toMatchObject({
      statusCode: 200,
      data: { removedFactorIds: [otp.factorId], revokedSessions: 1 },
    });
    expect((await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token })).body).toMatchObject({ statusCode: 401 });
    expect(await post('reset-user-factors', { userId: user.userId, factorId: otp.factorId })).toMatchObject({ statusCode: 404 });
    expect(await post('reset-user-factors', { userId: user.userId })).toMatchObject({ statusCode: 200, data: { removedFactorIds: [expect.any(String)] } });
    expect(await get('list-user-factors', { userId: user.userId })).toMatchObject({ statusCode: 200, data: [] });
  });

  test('list sessions, revoke one, then all', async () => {
    const user = await signUpAndSignIn(server);
    const sessions = await get('list-user-sessions', { userId: user.userId });
    expect(sessions).toMatchObject({ statusCode: 200, data: [{ sessionId: expect.any(String), aal: 'aal1' }] });
    expect(await post('revoke-user-sessions', { userId: user.userId, sessionId: sessions.data[0].sessionId })).toMatchObject({ data: { revokedSessions: 1 } });
    expect((await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token })).body).toMatchObject({ statusCode: 401 });
    expect(await get('list-user-sessions', { userId: user.userId })).toMatchObject({ data: [] });
    expect(await post('revoke-user-sessions', { userId: user.userId, sessionId: 'no-such-session' })).toMatchObject({ statusCode: 400 });
    expect(await post('revoke-user-sessions', { userId: user.userId })).toMatchObject({ statusCode: 200, data: { revokedSessions: 0 } });
  });

  test('an unknown user answers 404 on every endpoint', async () => {
    expect(await get('list-user-factors', { userId: 'nobody' })).toMatchObject({ statusCode: 404, apiCode: 2004 });
    expect(await post('unlock-user', { userId: 'nobody' })).toMatchObject({ statusCode: 404, apiCode: 2004 });
  });
});

describe('the audit trail and the delivery log', () => {
  test('audit events filtered by user and type, paged with the cursor', async () => {
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    await post('unlock-user', { userId: user.userId });
    await post('unlock-user', { userId: user.userId });
    await post('unlock-user', { userId: user.userId });
    const first = await get('list-audit-events', { userId: user.userId, type: 'unlock', limit: '2' });
    expect(first).toMatchObject({ statusCode: 200, data: { events: [{ type: 'unlock' }, { type: 'unlock' }], nextCursor: expect.any(String) } });
    const rest = await get('list-audit-events', { userId: user.userId, type: 'unlock', limit: '2', cursor: first.data.nextCursor });
    expect(rest).toMatchObject({ data: { events: [{ type: 'unlock' }], nextCursor: null } });
    const later = await get('list-audit-events', { userId: user.userId, from: String(server.clock.now() + 1) });
    expect(later).toMatchObject({ data: { events: [] } });
    expect(await get('list-audit-events', { limit: '0' })).toMatchObject({ statusCode: 400 });
  });

  test('the delivery log names masked destinations, never a code', async () => {
    const user = await signUpAndSignIn(server);
    await enrollByCode(server, user.token, 'EMAIL', { email: user.email }, user.email);
    const code = server.lastCodeFor(user.email);
    const answer = await get('list-deliveries', { userId: user.userId });
    expect(answer).toMatchObject({ statusCode: 200 });
    expect(answer.data).toContainEqual(expect.objectContaining({ channel: 'email', purpose: 'enroll-factor', outcome: 'sent', maskedDestination: expect.stringContaining('***') }));
    expect(JSON.stringify(answer)).not.toContain(code);
  });
});
