/**
 * Attack: an old texted or mailed code — left in a message history, on a lock screen, in a forwarded mail
 * — is used long after it was sent. Codes die after a short lifetime (OOB-02; NIST 800-63B: at most 10
 * minutes): a sign-in code after `mfaCodeTtlSeconds` (default 300 s), a binding code with its enrollment
 * token after `enrollmentTtlSeconds` (default 60 s); no configuration may set either above 600 s.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConfigSchema, loadConfig } from '../../src/config.js';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollByCode } from '../support/factors.js';
import { challengeFor, redeem } from '../support/mfa.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const CODE_TTL_SECONDS = 60;
let server: TestServer;
beforeAll(async () => {
  // A short code lifetime inside a long mfaToken lifetime, so only the code can be what expires.
  server = await startTestServer({ config: { mfaCodeTtlSeconds: CODE_TTL_SECONDS, mfaTokenTtlSeconds: 600 } });
});
afterAll(() => server.close());

describe('code lifetimes', () => {
  test('a sign-in SMS code is refused one second after its lifetime; a fresh code on the same challenge works', async () => {
    const user = await signUpAndSignIn(server);
    await enrollByCode(server, user.token, 'SMS', { phoneNumber: '13922223333' }, '+8613922223333');
    server.clock.advanceSeconds(61);
    const mfaToken = await challengeFor(server, user.email, user.password);
    const send = () => api(server, 'POST', '/api/v3/send-sms', { token: mfaToken, body: { channel: 'CHANNEL_VERIFY_MFA', phoneNumber: '13922223333' } });
    const verify = (code: string) => redeem(server, '/api/v2/applications/mfa/sms/verify', mfaToken, { phone: '13922223333', code });

    expect((await send()).body.statusCode).toBe(200);
    const stale = server.lastCodeFor('+8613922223333');
    server.clock.advanceSeconds(CODE_TTL_SECONDS + 1);
    const late = await verify(stale);
    expect(late.body.code).not.toBe(200);
    expect(late.body.data?.token).toBeUndefined();

    expect((await send()).body.statusCode).toBe(200);
    expect((await verify(server.lastCodeFor('+8613922223333'))).body.code).toBe(200);
  });

  test('a binding code is refused one second after the enrollment lifetime', async () => {
    const user = await signUpAndSignIn(server);
    const started = await api(server, 'POST', '/api/v3/send-enroll-factor-request', { token: user.token, body: { factorType: 'EMAIL', profile: { email: 'late-code@example.com' } } });
    const passCode = server.lastCodeFor('late-code@example.com');
    server.clock.advanceSeconds(server.config.enrollmentTtlSeconds + 1);
    const answer = await api(server, 'POST', '/api/v3/enroll-factor', {
      token: user.token,
      body: { factorType: 'EMAIL', enrollmentToken: started.body.data.enrollmentToken, enrollmentData: { passCode } },
    });
    expect(answer.body.statusCode).not.toBe(200);
    expect((await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token })).body.data).toEqual([]);
  });

  test.each(['mfaCodeTtlSeconds', 'enrollmentTtlSeconds', 'mfaTokenTtlSeconds'] as const)('%s is capped at 600 s by the schema', (name) => {
    expect(ConfigSchema.properties[name].maximum).toBeLessThanOrEqual(600);
    expect(() => loadConfig({ [name]: 601 })).toThrow();
  });

  test('the defaults are 300 s for a sign-in code and 60 s for a binding code', () => {
    expect(loadConfig({})).toMatchObject({ mfaCodeTtlSeconds: 300, enrollmentTtlSeconds: 60 });
  });
});
