import { createHmac } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import { EVENT_TYPES } from '../../src/domain/ports.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { api } from '../support/api.js';
import { enrollOtp } from '../support/factors.js';
import { startHttpReceiver, type HttpReceiver, type ReceivedRequest } from '../support/http-receiver.js';
import { challengeFor, signInWithRecoveryCode, verifyTotp } from '../support/mfa.js';
import { eventually } from '../support/eventually.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * Signed event webhooks per app: each event arrives as JSON signed with HMAC-SHA256 over
 * `<timestamp>.<body>` under the endpoint's secret (shown once, sealed at rest), with an event id for
 * de-duplication; a refused delivery is retried after back-off with the same ids.
 */
const FIRST_RETRY_MS = 1000;
const receivers: HttpReceiver[] = [];
afterAll(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()));
});
const { server } = useTestServer({ config: { webhookPollMs: 50, webhookFirstRetryMs: FIRST_RETRY_MS, failuresPerLock: 2 } });

async function endpoint(events: readonly string[]) {
  const receiver = await startHttpReceiver();
  receivers.push(receiver);
  const { endpoint: added, secret } = await server.server.runtime.services.webhooks.add({ appId: server.appId, url: `${receiver.url}/events`, events });
  // Instances remember an app's endpoints for TESSERA_APP_CACHE_SECONDS: a new one applies after that.
  server.clock.advanceSeconds(server.config.appCacheSeconds + 1);
  return { receiver, id: added.id, secret };
}

const bodyOf = (request: ReceivedRequest) => JSON.parse(request.body) as { id: string; type: string; appId: string; data: Record<string, unknown> };
const typesFor = (receiver: HttpReceiver, userId: string) =>
  receiver.requests.map(bodyOf).filter((event) => event.data.userId === userId).map((event) => event.type);

describe('event webhooks', () => {
  test('every event arrives signed, with its id, and never a secret', async () => {
    const all = await endpoint(EVENT_TYPES);
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const second = await signInWithRecoveryCode(server, user.email, user.password, otp.recoveryCode);
    expect((await api(server, 'POST', '/api/v3/reset-factor', { token: user.token, body: { factorId: otp.factorId } })).body.statusCode).toBe(200);

    const expected = ['factor.enrolled', 'mfa.verified', 'recovery_code.used', 'factor.reset', 'session.revoked'];
    await eventually(() => (expected.every((type) => typesFor(all.receiver, user.userId).includes(type)) ? true : undefined));
    for (const request of all.receiver.requests) {
      const timestamp = String(request.headers['x-tessera-timestamp']);
      const expectedSignature = `sha256=${createHmac('sha256', all.secret).update(`${timestamp}.${request.body}`).digest('hex')}`;
      expect(request.headers['x-tessera-signature']).toBe(expectedSignature);
      expect(request.headers['x-tessera-event-id']).toBe(bodyOf(request).id);
      expect(bodyOf(request).appId).toBe(server.appId);
      expect(request.body).not.toContain(otp.recoveryCode);
      expect(request.body).not.toContain(second.recoveryCode);
      expect(request.body).not.toContain(user.token);
    }
    expect(await server.server.runtime.store.db.selectFrom('webhook_endpoints').select('secret_sealed').where('id', '=', all.id).executeTakeFirst())
      .not.toMatchObject({ secret_sealed: expect.stringContaining(all.secret) });
  });

  test('wrong codes raise mfa.failed and the lock account.locked; an endpoint gets only the events it chose', async () => {
    const locks = await endpoint(['account.locked']);
    const failures = await endpoint(['mfa.failed']);
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    const mfaToken = await challengeFor(server, user.email, user.password);
    await verifyTotp(server, mfaToken, '000000');
    await verifyTotp(server, mfaToken, '000000');

    const locked = await eventually(() => locks.receiver.requests.map(bodyOf).find((event) => event.data.userId === user.userId));
    expect(locked).toMatchObject({ type: 'account.locked', data: { userId: user.userId, adminUnlockRequired: false } });
    await eventually(() => (typesFor(failures.receiver, user.userId).length === 2 ? true : undefined));
    expect(typesFor(failures.receiver, user.userId)).toEqual(['mfa.failed', 'mfa.failed']);
    expect(typesFor(locks.receiver, user.userId)).toEqual(['account.locked']);
  });

  test('a refused delivery is retried after back-off with the same event and delivery ids, then shows delivered', async () => {
    const flaky = await endpoint(['factor.enrolled']);
    flaky.receiver.answerWith({ status: 500 });
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    const first = await eventually(() => flaky.receiver.requests[0]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(flaky.receiver.requests).toHaveLength(1);
    const rowOf = async () =>
      (await server.server.runtime.services.webhooks.deliveries({ appId: server.appId, limit: 100 })).find((row) => row.endpointId === flaky.id);
    const pending = await rowOf();
    expect(pending).toMatchObject({ endpointId: flaky.id, state: 'pending', attempts: 1, lastError: 'HTTP 500' });

    server.clock.advanceSeconds(FIRST_RETRY_MS / 1000);
    const retry = await eventually(() => flaky.receiver.requests[1]);
    expect(retry.headers['x-tessera-event-id']).toBe(first.headers['x-tessera-event-id']);
    expect(retry.headers['x-tessera-delivery-id']).toBe(first.headers['x-tessera-delivery-id']);
    expect(retry.body).toBe(first.body);
    const delivered = await eventually(async () => {
      const row = await rowOf();
      return row?.state === 'delivered' ? row : undefined;
    });
    expect(delivered).toMatchObject({ id: pending!.id, attempts: 1, lastError: null });
  });

  test('delivered events are pruned from the outbox after 30 days', async () => {
    const listed = () => server.server.runtime.services.webhooks.deliveries({ appId: server.appId, limit: 1000 });
    await eventually(async () => ((await listed()).every((row) => row.state === 'delivered') ? true : undefined));
    expect((await listed()).length).toBeGreaterThan(0);
    server.clock.advanceSeconds(31 * 86_400);
    await eventually(async () => ((await listed()).length === 0 ? true : undefined));
  });
});
