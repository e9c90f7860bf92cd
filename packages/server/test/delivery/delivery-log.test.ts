import { describe, expect, test, vi } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { useTestServer } from '../support/use-test-server.js';

/** Every send attempt leaves one delivery-log row: who, what, when, provider, outcome. Never the code. */
const fixture = useTestServer({ config: { maxSmsPerIpPerHour: 1 } }, async (server) => {
  const user = await signUpAndSignIn(server);
  const send = (factorType: 'SMS' | 'EMAIL', profile: Record<string, string>) =>
    api(server, 'POST', '/api/v3/send-enroll-factor-request', { token: user.token, body: { factorType, profile } });
  await send('EMAIL', { email: 'logged@example.com' });
  server.clock.advanceSeconds(1);
  await send('EMAIL', { email: 'logged@example.com' }); // within 60 s
  server.clock.advanceSeconds(1);
  await send('SMS', { phoneNumber: '13800138051' });
  server.clock.advanceSeconds(1);
  await send('SMS', { phoneNumber: '13800138052' }); // over the IP cap of 1
  return { user };
});
const { server } = fixture;

const rows = () => server.server.runtime.store.deliveries.list({ limit: 10, userId: fixture.user.userId });

describe('the delivery log', () => {
  test('records a sent code with the provider, the masked destination and the purpose', async () => {
    const sent = (await rows()).filter((row) => row.outcome === 'sent');
    expect(sent.map((row) => [row.channel, row.maskedDestination, row.provider, row.purpose])).toEqual([
      ['sms', '+86138****8051', 'outbox', 'enroll-factor'],
      ['email', 'l***@example.com', 'outbox', 'enroll-factor'],
    ]);
  });

  test('records a refused send with the cap that refused it and no provider', async () => {
    const refused = (await rows()).filter((row) => row.outcome === 'refused');
    expect(refused.map((row) => [row.channel, row.reason, row.provider])).toEqual([
      ['sms', 'ip-hourly', null],
      ['email', 'destination-interval', null],
    ]);
  });

  test('rows carry who asked, from where, and when, newest first', async () => {
    const all = await rows();
    expect(all).toHaveLength(4);
    for (const row of all) expect(row).toMatchObject({ userId: fixture.user.userId, clientIp: '127.0.0.1' });
    expect(all.map((row) => row.createdAt)).toEqual([...all.map((row) => row.createdAt)].sort((a, b) => b - a));
  });

  test('never holds a code', async () => {
    const text = JSON.stringify(await rows());
    for (const line of server.outbox()) expect(text).not.toContain(line.code);
  });

  test('`tessera deliveries list --json` prints the rows', async () => {
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      await runCli(['node', 'tessera', 'deliveries', 'list', '--json', '--user', fixture.user.userId], { TESSERA_DATA_DIR: server.dataDir, TESSERA_LOG_LEVEL: 'silent' });
    } finally {
      write.mockRestore();
    }
    const listed = JSON.parse(printed.join('')) as Record<string, unknown>[];
    expect(listed).toHaveLength(4);
    expect(listed[0]).toMatchObject({ userId: fixture.user.userId, channel: 'sms', to: '+86138****8052', outcome: 'refused', reason: 'ip-hourly' });
    expect(listed[0]!.at).toBe(new Date(server.clock.now()).toISOString());
  });
});
