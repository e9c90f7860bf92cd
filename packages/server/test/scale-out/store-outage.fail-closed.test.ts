import { ERROR_CATALOG } from '@tessera/contract';
import { afterAll, afterEach, expect, test } from 'vitest';
import { api, type ApiAnswer } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { describeNeeding } from '../support/describe-needing.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { enrollOtp, startOtpEnrollment } from '../support/factors.js';
import { DisposableRedis, TcpProxy, waitFor } from '../support/outage.js';
import type { TestServer } from '../support/test-server.js';
import { ADMIN_POSTGRES_URL, terminateConnections } from '../support/throwaway-postgres.js';
import { generateTotp } from '../../src/domain/factors/otp/totp.js';

/**
 * The threat: a store outage turned into a verdict. If a lost database or Redis made verification answer
 * "wrong code", users would be locked out and counters corrupted; if it answered "verified", a failed
 * replay or attempt check would let an attacker through. Tessera answers 503 SERVICE_UNAVAILABLE while a
 * store is away, writes nothing half-way, and recovers by itself when the store returns (DUR-04).
 */
const UNAVAILABLE = ERROR_CATALOG.SERVICE_UNAVAILABLE;

function expectUnavailable(answer: ApiAnswer): void {
  expect(answer.httpStatus).toBe(200);
  expect(answer.body).toMatchObject({ statusCode: UNAVAILABLE.statusCode, apiCode: UNAVAILABLE.apiCode });
  expect(answer.body.data).toBeUndefined();
}

async function health(server: TestServer): Promise<number> {
  return (await fetch(new URL('/health', server.url))).status;
}

let cluster: Cluster | undefined;
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cluster?.close();
  await cleanup?.();
  cluster = undefined;
  cleanup = undefined;
});
afterAll(async () => {
  await cluster?.close();
});

// Its instances still share the test Redis, so this needs both.
describeNeeding(['postgres', 'redis'], 'PostgreSQL unreachable', () => {
  test('health and every verification answer 503; nothing is recorded; service recovers without a restart', async () => {
    const proxy = await TcpProxy.start({ host: new URL(ADMIN_POSTGRES_URL).hostname, port: Number(new URL(ADMIN_POSTGRES_URL).port || 5432) });
    cleanup = () => proxy.close();
    cluster = await startCluster({
      instances: 1,
      mapDatabaseUrl: (url) => Object.assign(new URL(url), { port: String(proxy.port) }).toString(),
    });
    const server = cluster.instances[0]!;
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const pending = await startOtpEnrollment(server, (await signUpAndSignIn(server)).token);
    const totp = otp.codeAt(cluster.clock.now());

    await proxy.cut();
    expect(await health(server)).toBe(503);
    for (let round = 0; round < 3; round += 1) {
      expectUnavailable(await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp } }));
      expectUnavailable(await api(server, 'GET', '/api/v3/get-factor', { token: user.token, query: { factorId: otp.factorId } }));
      expectUnavailable(await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token }));
      expectUnavailable(
        await api(server, 'POST', '/api/v3/enroll-factor', {
          token: user.token,
          body: { factorType: 'OTP', enrollmentToken: pending.enrollmentToken, enrollmentData: { passCode: '000000' } },
        }),
      );
    }

    await proxy.restore();
    await waitFor(async () => (await health(server)) === 200, 15_000, 'health after PostgreSQL returns');
    // The code was never judged while the database was away, so it is still good exactly once.
    const verified = await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp } });
    expect(verified.body).toMatchObject({ statusCode: 200, data: { verified: true } });
    const replayed = await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp } });
    expect(replayed.body).toMatchObject({ statusCode: 200, data: { verified: false } });
  });

  test('backends terminated mid-run (pg_terminate_backend): 503 or a correct verdict, never a success, then recovery', async () => {
    // A failure budget large enough that 60 wrong codes do not lock the account: the verdicts stay visible.
    cluster = await startCluster({ instances: 2, config: { failuresPerLock: 100, failuresUntilAdminUnlock: 100 } });
    const user = await signUpAndSignIn(cluster.instances[0]!);
    const otp = await enrollOtp(cluster.instances[0]!, user.token);
    const right = otp.codeAt(cluster.clock.now());
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');

    let stop = false;
    const killer = (async () => {
      let killed = 0;
      while (!stop) {
        killed += await terminateConnections(cluster!.database.name);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return killed;
    })();
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, index) =>
        api(cluster!.instances[index % 2]!, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp: wrong } }),
      ),
    );
    stop = true;
    expect(await killer).toBeGreaterThan(0);
    let unavailable = 0;
    for (const answer of answers) {
      if (answer.body.statusCode === 200) expect(answer.body.data).toEqual({ verified: false });
      // 429: the failure budget holds evaluations back while others are in flight (RL-04).
      else if (answer.body.statusCode !== 429) {
        expectUnavailable(answer);
        unavailable += 1;
      }
    }
    expect(answers.some((answer) => answer.body.data?.verified === true)).toBe(false);
    expect(unavailable).toBeLessThan(answers.length);

    for (const server of cluster.instances) await waitFor(async () => (await health(server)) === 200, 15_000, 'health');
    const verified = await api(cluster.instances[1]!, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp: right } });
    expect(verified.body).toMatchObject({ statusCode: 200, data: { verified: true } });
  });
});

describeNeeding(['postgres', 'redis'], 'Redis unreachable', () => {
  test('health, code sends and verifications answer 503 and leave no usable enrollment; service recovers when Redis returns', async () => {
    const redis = await DisposableRedis.start();
    cleanup = () => redis.stop();
    cluster = await startCluster({ instances: 1, redisUrl: redis.url });
    const server = cluster.instances[0]!;
    const user = await signUpAndSignIn(server);
    const send = (phoneNumber: string) =>
      api(server, 'POST', '/api/v3/send-enroll-factor-request', { token: user.token, body: { factorType: 'SMS', profile: { phoneNumber } } });
    expect((await send('13800138001')).body.statusCode).toBe(200);
    expect(await health(server)).toBe(200);
    const verifier = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, verifier.token);
    const totp = otp.codeAt(cluster.clock.now());
    const otpUser = await signUpAndSignIn(server);

    await redis.stop();
    // The failure budget lives in Redis: without it the code is not judged at all.
    expectUnavailable(await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: verifier.token, body: { totp } }));
    expect(await health(server)).toBe(503);
    const refused = await send('13800138002');
    expectUnavailable(refused);
    expect(server.outbox().filter((line) => line.to === '+8613800138002')).toEqual([]);
    // The enrollment made before the send was refused is gone, not left half-made.
    const rows = await server.server.runtime.store.db
      .selectFrom('pending_enrollments')
      .select('profile')
      .where('user_id', '=', user.userId)
      .execute();
    expect(rows.map((row) => row.profile).filter((profile) => profile.includes('13800138002'))).toEqual([]);
    // The password budgets live in Redis too: without them no password is judged (RL-01, fail closed).
    expectUnavailable(
      await api(server, 'POST', '/api/v3/signin', {
        body: { connection: 'PASSWORD', passwordPayload: { email: otpUser.email, password: otpUser.password }, client_id: server.appId, client_secret: server.appSecret },
      }),
    );
    // Verifications answer 503 or a true verdict; never a success obtained by skipping a check.
    const started = await startOtpEnrollment(server, otpUser.token);
    const confirm = await api(server, 'POST', '/api/v3/enroll-factor', {
      token: otpUser.token,
      body: { factorType: 'OTP', enrollmentToken: started.enrollmentToken, enrollmentData: { passCode: '000000' } },
    });
    expect([ERROR_CATALOG.WRONG_CODE.apiCode, UNAVAILABLE.apiCode]).toContain(confirm.body.apiCode);

    await redis.restart();
    await waitFor(async () => (await health(server)) === 200, 15_000, 'health after Redis returns');
    expect((await send('13800138002')).body.statusCode).toBe(200);
    const verified = await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: verifier.token, body: { totp } });
    expect(verified.body).toMatchObject({ statusCode: 200, data: { verified: true } });
    const passCode = generateTotp(started.secret, cluster.clock.now());
    const bound = await api(server, 'POST', '/api/v3/enroll-factor', {
      token: otpUser.token,
      body: { factorType: 'OTP', enrollmentToken: started.enrollmentToken, enrollmentData: { passCode } },
    });
    expect(bound.body.statusCode).toBe(200);
  });
});
