import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { challengeFor, verifyRecovery, verifyTotp } from '../support/mfa.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * The operator commands of sign-in with MFA, through the real `tessera` binary against a running test
 * server's data dir: apps update, users unlock, users recovery-codes regenerate, audit list.
 */
const BIN = new URL('../../bin/tessera.js', import.meta.url).pathname;
const run = promisify(execFile);

const { server } = useTestServer();

const tessera = async (...args: string[]) =>
  JSON.parse((await run('node', [BIN, ...args, '--json'], { env: { ...process.env, TESSERA_DATA_DIR: server.dataDir, TESSERA_LOG_LEVEL: 'silent' } })).stdout);
const wrongOf = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('tessera CLI for sign-in with MFA', () => {
  test('apps update sets the MFA policy and the factors', async () => {
    const answer = await tessera('apps', 'update', '--app-id', server.appId, '--mfa-policy', 'required', '--factors', 'OTP,EMAIL');
    expect(answer).toMatchObject({ appId: server.appId, mfaPolicy: 'required', enabledFactors: ['OTP', 'EMAIL'] });
    await tessera('apps', 'update', '--app-id', server.appId, '--mfa-policy', 'if-enrolled', '--factors', 'OTP,SMS,EMAIL');
  });

  test('users unlock lifts a lock, and audit list shows the verify failures, the lock and the unlock (ENR-09)', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    for (let challenge = 0; challenge < 2; challenge++) {
      const mfaToken = await challengeFor(server, user.email, user.password);
      for (let i = 0; i < 5; i++) await verifyTotp(server, mfaToken, wrongOf(otp.codeAt(server.clock.now())));
    }
    expect((await verifyTotp(server, await challengeFor(server, user.email, user.password), otp.codeAt(server.clock.now()))).body.code).toBe(2057);

    expect(await tessera('users', 'unlock', '--email', user.email)).toMatchObject({ userId: user.userId, previousConsecutiveFailures: 10 });
    expect((await verifyTotp(server, await challengeFor(server, user.email, user.password), otp.codeAt(server.clock.now()))).body.code).toBe(200);

    const events = (await tessera('audit', 'list', '--user-id', user.userId)) as { type: string; outcome: string | null }[];
    expect(events.filter((event) => event.type === 'verify' && event.outcome === 'failed')).toHaveLength(10);
    expect(events.map((event) => event.type)).toEqual(expect.arrayContaining(['factor.enroll', 'lock', 'unlock', 'verify', 'sign-in']));
    expect(JSON.stringify(events)).not.toContain(otp.recoveryCode);
  });

  test('users recovery-codes regenerate prints a new code once; the old one stops working', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const { recoveryCode } = await tessera('users', 'recovery-codes', 'regenerate', '--user-id', user.userId);
    expect(recoveryCode).toMatch(/^[0-9a-f]{4}(-[0-9a-f]{4}){5}$/);
    expect((await verifyRecovery(server, await challengeFor(server, user.email, user.password), otp.recoveryCode)).body.code).toBe(6002);
    expect((await verifyRecovery(server, await challengeFor(server, user.email, user.password), recoveryCode)).body.code).toBe(200);
  });
});
