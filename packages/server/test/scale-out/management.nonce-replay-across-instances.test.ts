import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeNeeding } from '../support/describe-needing.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { createAccessKey, sdkHeaders, signedCall, type AccessKey } from '../support/management.js';

/**
 * The attack: a signed management request captured on the wire is replayed against another instance
 * behind the load balancer, hoping each instance remembers only the nonces it saw itself. Nonces live in
 * the shared Redis (or database) for the whole skew window, so a request passes once per deployment (1306).
 */
describeNeeding(['postgres', 'redis'], 'management nonce replay across two instances on one PostgreSQL + Redis', () => {
  let cluster: Cluster;
  let key: AccessKey;
  beforeAll(async () => {
    cluster = await startCluster({ instances: 2 });
    cluster.clock.set(Date.now());
    key = await createAccessKey(cluster.instances[0]!);
  });
  afterAll(() => cluster.close());

  test('a signed request accepted by one instance is refused by the other as a replayed nonce', async () => {
    const [a, b] = cluster.instances as [any, any];
    const call = { method: 'GET' as const, path: '/api/v3/get-global-mfa-settings', headers: sdkHeaders() };
    expect(await signedCall(a, key, call)).toMatchObject({ statusCode: 200 });
    expect(await signedCall(b, key, call)).toMatchObject({ statusCode: 401, apiCode: 1306 });
  });
});
