import { afterAll, beforeAll, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { describeNeeding } from '../support/describe-needing.js';

/**
 * The attack: a password guesser spreads wrong passwords over the instances behind the load balancer,
 * hoping each instance counts only its own share and the budget trips at N × the limit. The budgets live
 * in the shared RateCounter (Redis, or PostgreSQL without it), so the refusal comes at the configured
 * count (RL-01, RL-03 for the first factor).
 */
const PER_HOUR = 4;

const STORES = [
  ['Redis', undefined, ['postgres', 'redis']],
  ['PostgreSQL without Redis', null, ['postgres']],
] as const;

for (const [label, redisUrl, needs] of STORES) describeNeeding([...needs], `password budgets across two instances, kept in ${label}`, () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({
      instances: 2,
      redisUrl,
      config: { maxPasswordFailuresPerAccountPerHour: PER_HOUR, maxPasswordFailuresPerAccountPerDay: PER_HOUR * 2 },
    });
  });
  afterAll(() => cluster.close());

  test(`${PER_HOUR} wrong passwords alternated between instances spend the budget, not ${PER_HOUR * 2}`, async () => {
    const user = await signUpAndSignIn(cluster.instances[0]!);
    const signIn = (index: number, password: string) => {
      const node = cluster.instances[index % 2]!;
      return api(node, 'POST', '/api/v3/signin', {
        body: { connection: 'PASSWORD', passwordPayload: { email: user.email, password }, client_id: node.appId, client_secret: node.appSecret },
      });
    };
    for (let attempt = 0; attempt < PER_HOUR; attempt += 1) expect((await signIn(attempt, 'wrong password')).body.apiCode).toBe(2333);
    for (const index of [0, 1]) expect((await signIn(index, user.password)).body).toMatchObject({ statusCode: 429, apiCode: 46022 });
  });
});
