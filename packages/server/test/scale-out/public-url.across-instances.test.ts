import { afterAll, beforeAll, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { describeNeeding } from '../support/describe-needing.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { freePort } from '../support/free-port.js';
import { claimsOf } from '../support/mfa.js';
import { refreshWith, signInWithScope } from '../support/oidc.js';

/**
 * Two instances behind one load balancer listen on different ports but share TESSERA_PUBLIC_URL: the
 * issuer derives from the public URL, not the port, so each accepts the other's tokens and both publish
 * the same discovery document.
 */
const PUBLIC_URL = 'https://mfa.example.com';
let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ instances: 2, config: { publicUrl: PUBLIC_URL }, configOf: async () => ({ port: await freePort() }) });
});
afterAll(() => cluster.close());

const node = (index: number) => cluster.instances[index]!;

describeNeeding(['postgres', 'redis'], 'one public URL across instances on different ports', () => {
  test('a token minted by one instance is accepted by the other, and its refresh token refreshes there', async () => {
    expect(node(0).url).not.toBe(node(1).url);
    const user = await signUpAndSignIn(node(0));
    const tokens = await signInWithScope(node(0), user.email, user.password, 'openid offline_access');
    expect(claimsOf(tokens.access_token).iss).toBe(`${PUBLIC_URL}/oidc`);
    expect((await api(node(1), 'GET', '/api/v3/list-enrolled-factors', { token: tokens.access_token })).body.statusCode).toBe(200);
    expect((await refreshWith(node(1), tokens.refresh_token!)).httpStatus).toBe(200);
  });

  test('both publish the same discovery document, under the public URL', async () => {
    const [first, second] = await Promise.all([0, 1].map((index) => api(node(index), 'GET', '/oidc/.well-known/openid-configuration')));
    expect(first!.body).toEqual(second!.body);
    expect(first!.body).toMatchObject({ issuer: `${PUBLIC_URL}/oidc`, token_endpoint: `${PUBLIC_URL}/oidc/token` });
  });
});
