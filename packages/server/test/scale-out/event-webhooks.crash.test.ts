import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { generateKeyring } from '../../src/crypto/keyring.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { spawnTesseraServe, type ChildServer } from '../support/child-server.js';
import { enrollOtp } from '../support/factors.js';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver.js';
import { onSelectedDialects } from '../support/test-dialects.js';
import type { TestServer } from '../support/test-server.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/throwaway-postgres.js';

/**
 * The failure: the process dies (kill -9) after an event was committed and before it was sent. The event
 * sits in the outbox table, written in the transaction of the audit line that raised it, so the restarted
 * server sends it — signed, once acknowledged — and `tessera events list` shows it delivered.
 * The first life polls the outbox only once a minute, so the kill surely lands between commit and send.
 */
const BIN = new URL('../../bin/tessera.js', import.meta.url).pathname;
const exec = promisify(execFile);
const children: ChildServer[] = [];
const databases: ThrowawayDatabase[] = [];
const receivers: HttpReceiver[] = [];
afterAll(async () => {
  for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
  await Promise.all([...databases.map((database) => database.drop()), ...receivers.map((receiver) => receiver.close())]);
});

describe.each(onSelectedDialects([['sqlite'], ['postgres']] as const))('on %s', (dialect) => {
  test('an event committed before a kill -9 arrives signed after the restart', { timeout: 60_000 }, async () => {
    const database = dialect === 'postgres' ? await createThrowawayDatabase() : undefined;
    if (database) databases.push(database);
    const receiver = await startHttpReceiver();
    receivers.push(receiver);
    const env: Record<string, string> = {
      TESSERA_DATA_DIR: mkdtempSync(join(tmpdir(), 'tessera-events-crash-')),
      TESSERA_KEYS: JSON.stringify(await generateKeyring()),
      TESSERA_APP_CACHE_SECONDS: '0',
      ...(database ? { TESSERA_DATABASE_URL: database.url } : {}),
    };
    const tessera = async (...args: string[]) =>
      (await exec(process.execPath, [BIN, ...args], { env: { ...process.env, ...env, TESSERA_LOG_LEVEL: 'silent' } })).stdout;

    const first = await spawnTesseraServe({ ...env, TESSERA_WEBHOOK_POLL_MS: '60000' });
    children.push(first);
    const { appId } = first.firstApp!;
    const added = JSON.parse(await tessera('apps', 'webhooks', 'add', '--app-id', appId, '--url', `${receiver.url}/hook`, '--events', 'factor.enrolled', '--json')) as {
      id: string;
      secret: string;
    };
    const server = { url: first.url, ...first.firstApp!, clock: { now: () => Date.now(), advanceSeconds: () => undefined } } as unknown as TestServer;
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    first.process.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect(receiver.requests).toHaveLength(0);

    const second = await spawnTesseraServe({ ...env, TESSERA_WEBHOOK_POLL_MS: '50' });
    children.push(second);
    const until = Date.now() + 10_000;
    while (receiver.requests.length === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 25));
    const [request] = receiver.requests;
    expect(request, 'the event never arrived after the restart').toBeDefined();
    const event = JSON.parse(request!.body) as { id: string; type: string; data: { userId: string } };
    expect(event).toMatchObject({ type: 'factor.enrolled', data: { userId: user.userId } });
    const timestamp = String(request!.headers['x-tessera-timestamp']);
    expect(request!.headers['x-tessera-signature']).toBe(`sha256=${createHmac('sha256', added.secret).update(`${timestamp}.${request!.body}`).digest('hex')}`);

    let listed: { eventId: string; state: string }[] = [];
    for (let tries = 0; tries < 40 && listed[0]?.state !== 'delivered'; tries++) {
      listed = JSON.parse(await tessera('events', 'list', '--app-id', appId, '--json')) as typeof listed;
      if (listed[0]?.state !== 'delivered') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(listed).toEqual([expect.objectContaining({ eventId: event.id, state: 'delivered' })]);
    second.process.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
