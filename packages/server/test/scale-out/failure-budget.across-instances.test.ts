import { ERROR_CATALOG } from '@tessera/contract';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { describeNeeding } from '../support/describe-needing.js';
import type { TestDialect } from '../support/test-dialects.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { enrollOtp } from '../support/factors.js';

/**
 * The attack: an online guesser spreads wrong codes over the instances behind the load balancer, hoping
 * each one counts only its own share and the account locks at N × the limit. The budget lives in the
 * shared Redis (or PostgreSQL), so the lock comes at the configured count (RL-01, RL-03).
 */
const FAILURES_PER_LOCK = 10;

// Both clusters keep their rows in PostgreSQL; the first keeps the budget in Redis.
const STORES = [
  ['Redis', undefined, ['postgres', 'redis']],
  ['PostgreSQL without Redis', null, ['postgres']],
] as const satisfies readonly (readonly [string, null | undefined, readonly TestDialect[]])[];

for (const [label, redisUrl, needs] of STORES) describeNeeding([...needs], `failure budget across two instances, kept in ${label}`, () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ instances: 2, redisUrl, config: { failuresPerLock: FAILURES_PER_LOCK } });
  });
  afterAll(() => cluster.close());

  test(`${FAILURES_PER_LOCK} wrong codes alternated between instances lock the account, not ${FAILURES_PER_LOCK * 2}`, async () => {
    const user = await signUpAndSignIn(cluster.instances[0]!);
    const otp = await enrollOtp(cluster.instances[0]!, user.token);
    const right = otp.codeAt(cluster.clock.now());
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    const verify = (index: number, totp: string) =>
      api(cluster.instances[index % 2]!, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp } });

    for (let attempt = 0; attempt < FAILURES_PER_LOCK; attempt += 1) {
      expect((await verify(attempt, wrong)).body).toMatchObject({ statusCode: 200, data: { verified: false } });
    }
    for (const index of [0, 1]) {
      const locked = await verify(index, right);
      expect(locked.body.apiCode).toBe(ERROR_CATALOG.VERIFICATION_LOCKED.apiCode);
    }
  });
});
