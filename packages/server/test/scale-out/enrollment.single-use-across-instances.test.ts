import { ERROR_CATALOG } from '@tessera/contract';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { generateTotp } from '../../src/domain/factors/otp/totp.js';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { describeNeeding } from '../support/describe-needing.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { startOtpEnrollment } from '../support/factors.js';

/**
 * The attack: one enrollment token is submitted to every instance at once, hoping each binds a factor, or
 * wrong guesses are spread over instances so each counts only its own share. The token's attempts and its
 * consumption live in the shared database, spent atomically (ENR-05, DUR-03).
 */
let cluster: Cluster;
const MAX_ATTEMPTS = 5;
beforeAll(async () => {
  cluster = await startCluster({ instances: 2, config: { maxAttemptsPerEnrollment: MAX_ATTEMPTS } });
});
afterAll(() => cluster.close());

const node = (index: number) => cluster.instances[index % cluster.instances.length]!;

describeNeeding(['postgres', 'redis'], 'enrollment tokens across two instances', () => {
  test('10 parallel enroll-factor calls with one token bind exactly one factor', async () => {
    const user = await signUpAndSignIn(node(0));
    const { enrollmentToken, secret } = await startOtpEnrollment(node(0), user.token);
    const passCode = generateTotp(secret, cluster.clock.now());
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        api(node(index), 'POST', '/api/v3/enroll-factor', {
          token: user.token,
          body: { factorType: 'OTP', enrollmentToken, enrollmentData: { passCode } },
        }),
      ),
    );
    expect(answers.filter((answer) => answer.body.statusCode === 200)).toHaveLength(1);
    const listed = await api(node(1), 'GET', '/api/v3/list-enrolled-factors', { token: user.token });
    expect(listed.body.data).toHaveLength(1);
  });

  test(`${MAX_ATTEMPTS} wrong codes alternated between instances exhaust the token, not ${MAX_ATTEMPTS * 2}`, async () => {
    const user = await signUpAndSignIn(node(0));
    const { enrollmentToken, secret } = await startOtpEnrollment(node(1), user.token);
    const right = generateTotp(secret, cluster.clock.now());
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const answer = await api(node(attempt), 'POST', '/api/v3/enroll-factor', {
        token: user.token,
        body: { factorType: 'OTP', enrollmentToken, enrollmentData: { passCode: wrong } },
      });
      expect(answer.body.apiCode).toBe(ERROR_CATALOG.WRONG_CODE.apiCode);
    }
    for (const index of [0, 1]) {
      const answer = await api(node(index), 'POST', '/api/v3/enroll-factor', {
        token: user.token,
        body: { factorType: 'OTP', enrollmentToken, enrollmentData: { passCode: right } },
      });
      expect(answer.body.apiCode).toBe(ERROR_CATALOG.ENROLLMENT_TOKEN_INVALID.apiCode);
    }
  });

  test('the send throttle is shared: a second code to one number from the other instance is refused', async () => {
    const user = await signUpAndSignIn(node(0));
    const profile = { phoneNumber: '13800138123' };
    const first = await api(node(0), 'POST', '/api/v3/send-enroll-factor-request', { token: user.token, body: { factorType: 'SMS', profile } });
    expect(first.body.statusCode).toBe(200);
    const second = await api(node(1), 'POST', '/api/v3/send-enroll-factor-request', { token: user.token, body: { factorType: 'SMS', profile } });
    expect(second.body.apiCode).toBe(ERROR_CATALOG.SEND_TOO_FREQUENT.apiCode);
  });
});
