import { ManagementClient, type WebhookDelivery } from '@tessera/sdk';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { startHttpReceiver, type HttpReceiver, type ReceivedRequest } from '../support/http-receiver.js';
import { createAccessKey, signedCall } from '../support/management.js';
import { eventually } from '../support/eventually.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * Event webhooks through the management API with @tessera/sdk's ManagementClient: add (the secret shown
 * once), list (never the secret), deliveries paged with the cursor, remove; a real receiver gets the events
 * signed with that secret.
 */
const fixture = useTestServer({ config: { webhookPollMs: 50 } }, async (server) => {
  // The client signs with the real time; the server's clock must be near it (±15 min).
  server.clock.set(Date.now());
  return { key: await createAccessKey(server, 'tessera-sdk-webhooks') };
});
const { server } = fixture;
let client: ManagementClient;
let receiver: HttpReceiver;

beforeAll(async () => {
  client = new ManagementClient({ accessKeyId: fixture.key.accessKeyId, accessKeySecret: fixture.key.accessKeySecret, host: server.url, lang: 'en-US' });
  receiver = await startHttpReceiver();
});
afterAll(() => receiver.close());

const bodyOf = (request: ReceivedRequest) => JSON.parse(request.body) as { id: string; type: string; data: { userId?: string } };

describe('@tessera/sdk ManagementClient: event webhooks', () => {
  test('add shows the secret once; an enrolled factor arrives signed with it; list, deliveries and logs never hold it; remove', async () => {
    const added = await client.addWebhook({ appId: server.appId, url: `${receiver.url}/events`, events: ['factor.enrolled'] });
    expect(added).toMatchObject({ statusCode: 200, data: { endpoint: { id: expect.stringMatching(/^wh_/), appId: server.appId, events: ['factor.enrolled'] }, secret: expect.stringMatching(/^whsec_/) } });
    const { endpoint, secret } = added.data!;
    // Instances remember an app's endpoints for TESSERA_APP_CACHE_SECONDS: a new one applies after that.
    server.clock.advanceSeconds(server.config.appCacheSeconds + 1);

    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    const event = await eventually(() => receiver.requests.find((request) => bodyOf(request).data.userId === user.userId));
    expect(bodyOf(event).type).toBe('factor.enrolled');
    const timestamp = String(event.headers['x-tessera-timestamp']);
    expect(event.headers['x-tessera-signature']).toBe(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${event.body}`).digest('hex')}`);

    const listed = await client.listWebhooks({ appId: server.appId });
    expect(listed).toMatchObject({ statusCode: 200, data: [{ id: endpoint.id, url: endpoint.url, events: ['factor.enrolled'] }] });
    const deliveries = await eventually(async () => {
      const page = await client.listWebhookDeliveries({ appId: server.appId, state: 'delivered' });
      return page.data!.deliveries.some((row) => row.eventId === bodyOf(event).id) ? page : undefined;
    });
    expect(deliveries.data!.deliveries[0]).toMatchObject({ endpointId: endpoint.id, type: 'factor.enrolled', state: 'delivered', lastError: null });
    for (const text of [JSON.stringify(listed), JSON.stringify(deliveries), server.logs.text()]) expect(text).not.toContain(secret);

    expect(await client.removeWebhook({ appId: server.appId, webhookId: endpoint.id })).toMatchObject({ statusCode: 200, data: { removed: true } });
    expect(await client.listWebhooks({ appId: server.appId })).toMatchObject({ statusCode: 200, data: [] });
    expect(await client.removeWebhook({ appId: server.appId, webhookId: endpoint.id })).toMatchObject({ statusCode: 400 });

    // Each call is audited once its answer has gone (onResponse): the last line may land just after it.
    const audited = ['tessera/add-webhook ok', 'tessera/list-webhooks ok', 'tessera/list-webhook-deliveries ok', 'tessera/remove-webhook ok', 'tessera/remove-webhook failed'];
    const routes = await eventually(async () => {
      const lines = (await server.server.runtime.services.admin.listAudit({ limit: 1000 })).filter(
        (line) => line.type === 'management.call' && line.detail?.accessKeyId === fixture.key.accessKeyId,
      );
      const seen = lines.map((line) => `${String(line.detail?.route)} ${line.outcome}`);
      return audited.every((route) => seen.includes(route)) ? seen : undefined;
    });
    expect(routes).toEqual(expect.arrayContaining(audited));
  });

  test('deliveries page newest first with the cursor', async () => {
    const added = await client.addWebhook({ appId: server.appId, url: `${receiver.url}/paged`, events: ['factor.enrolled'] });
    server.clock.advanceSeconds(server.config.appCacheSeconds + 1);
    for (let i = 0; i < 3; i += 1) {
      server.clock.advanceSeconds(1);
      await enrollOtp(server, (await signUpAndSignIn(server)).token);
    }
    const pages: WebhookDelivery[][] = [];
    let cursor: string | null | undefined;
    do {
      const page = await client.listWebhookDeliveries({ appId: server.appId, limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.statusCode).toBe(200);
      pages.push(page.data!.deliveries);
      cursor = page.data!.nextCursor;
    } while (cursor && pages.length < 20);
    expect(pages[0]).toHaveLength(2);
    const rows = pages.flat();
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
    expect(rows.filter((row) => row.endpointId === added.data!.endpoint.id)).toHaveLength(3);
    const times = rows.map((row) => row.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    await client.removeWebhook({ appId: server.appId, webhookId: added.data!.endpoint.id });
  });
});

describe('event webhooks: bad input is a clear 4xx, never a 500', () => {
  const cases: { name: string; method: 'GET' | 'POST'; path: string; input: (appId: string) => Record<string, unknown>; statusCode: number }[] = [
    { name: 'a URL that is not one', method: 'POST', path: 'add-webhook', input: (appId) => ({ appId, url: 'not a url', events: ['mfa.failed'] }), statusCode: 400 },
    { name: 'a URL that is not http(s)', method: 'POST', path: 'add-webhook', input: (appId) => ({ appId, url: 'ftp://example.com/x', events: ['mfa.failed'] }), statusCode: 400 },
    { name: 'no events', method: 'POST', path: 'add-webhook', input: (appId) => ({ appId, url: 'https://example.com/x', events: [] }), statusCode: 400 },
    { name: 'an unknown event', method: 'POST', path: 'add-webhook', input: (appId) => ({ appId, url: 'https://example.com/x', events: ['user.pigeon'] }), statusCode: 400 },
    { name: 'events as a string', method: 'POST', path: 'add-webhook', input: (appId) => ({ appId, url: 'https://example.com/x', events: 'mfa.failed' }), statusCode: 400 },
    { name: 'an unknown app', method: 'POST', path: 'add-webhook', input: () => ({ appId: 'nope', url: 'https://example.com/x', events: ['mfa.failed'] }), statusCode: 404 },
    { name: 'a removal without webhookId', method: 'POST', path: 'remove-webhook', input: (appId) => ({ appId }), statusCode: 400 },
    { name: 'a listing without appId', method: 'GET', path: 'list-webhooks', input: () => ({}), statusCode: 400 },
    { name: 'an unknown delivery state', method: 'GET', path: 'list-webhook-deliveries', input: () => ({ state: 'lost' }), statusCode: 400 },
    { name: 'a delivery page of 0', method: 'GET', path: 'list-webhook-deliveries', input: () => ({ limit: '0' }), statusCode: 400 },
  ];
  test.each(cases)('$name → $statusCode', async ({ method, path, input, statusCode }) => {
    const params = input(server.appId);
    const answer = await signedCall(server, fixture.key, { method, path: `/api/v3/tessera/${path}`, ...(method === 'GET' ? { query: params as Record<string, string> } : { body: params }) });
    expect(answer).toMatchObject({ statusCode, apiCode: expect.any(Number) });
  });
});
