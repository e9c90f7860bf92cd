import { afterAll, beforeAll, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { describeNeeding } from '../support/describe-needing.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { enrollOtp } from '../support/factors.js';

/**
 * The attack: an attacker who has phished a TOTP races the victim, or replays the code, against a second
 * instance behind the load balancer, hoping each instance remembers only its own accepted codes. The last
 * accepted step lives in the shared database and moves by compare-and-set, so a code passes once for the
 * whole deployment (RFC 6238 §5.2; RPL-01, RPL-04).
 */
let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ instances: 2 });
});
afterAll(() => cluster.close());

describeNeeding(['postgres', 'redis'], 'TOTP replay across two instances on one PostgreSQL + Redis', () => {
  test('a code accepted by one instance is refused by the other', async () => {
    const [a, b] = cluster.instances as [any, any];
    const user = await signUpAndSignIn(a);
    const otp = await enrollOtp(a, user.token);
    const totp = otp.codeAt(cluster.clock.now());
    const first = await api(a, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp } });
    expect(first.body).toMatchObject({ statusCode: 200, data: { verified: true } });
    const replay = await api(b, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp } });
    expect(replay.body).toMatchObject({ statusCode: 200, data: { verified: false } });
  });

  test('20 parallel verifications of one valid code spread over both instances: exactly one succeeds', async () => {
    const user = await signUpAndSignIn(cluster.instances[0]!);
    const otp = await enrollOtp(cluster.instances[1]!, user.token);
    const totp = otp.codeAt(cluster.clock.now());
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        api(cluster.instances[index % 2]!, 'POST', '/api/v3/mfa-totp-verify', { token: user.token, body: { totp } }),
      ),
    );
    // The rest are refused: verified:false, or held back by the account failure budget (RL-04).
    expect(answers.filter((answer) => answer.body.data?.verified === true)).toHaveLength(1);
    expect(answers.every((answer) => answer.body.statusCode === 200 || answer.body.statusCode === 429)).toBe(true);
  });
});
