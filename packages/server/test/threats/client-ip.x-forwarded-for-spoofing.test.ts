/**
 * Attack: choosing one's own client IP. Behind a load balancer every request carries X-Forwarded-For; the
 * balancer APPENDS the address it saw, but whatever the client sent first stays in front. With
 * `trustProxy: true` fastify takes the left-most address, which the client wrote, so a bot rotating that
 * value gets a fresh "IP" per request and the per-IP caps (SMS pumping, OOB-05), and the audit log, see
 * whatever it likes. Defence: the setting names the trusted proxies by address or CIDR, the client is
 * the first untrusted hop counted from the right, and `true` is refused at boot. So is a bare hop count:
 * it cannot tell the balancer from a client that reaches an instance directly with forged hops, and
 * fastify (≥ 5.12) silently trusts no one when given a number.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { configFromEnv, loadConfig, type Config } from '../../src/config.js';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const fromEnv = (value: string) => loadConfig({ ...configFromEnv({ TESSERA_TRUST_PROXY: value }), dataDir: '/tmp/unused' });

describe('the setting names the trusted proxies', () => {
  test('TESSERA_TRUST_PROXY=true is refused at boot with a message saying what to set instead', () => {
    expect(() => fromEnv('true')).toThrow(/choose its IP through X-Forwarded-For.*address or CIDR/);
    expect(() => loadConfig({ trustProxy: true as unknown as false })).toThrow(/choose its IP/);
  });

  test('a hop count is refused with the same advice: fastify would silently trust no one', () => {
    expect(() => fromEnv('1')).toThrow(/hop count.*address or CIDR/);
  });

  test('a list of addresses/CIDRs is accepted as fastify takes it', () => {
    expect(fromEnv('10.0.0.0/8, 127.0.0.1,::1,loopback').trustProxy).toBe('10.0.0.0/8, 127.0.0.1,::1,loopback');
    expect(fromEnv('false').trustProxy).toBe(false);
    expect(loadConfig({}).trustProxy).toBe(false);
  });

  test.each([['0.0.0.0/0'], ['::/0'], ['10.0.0.0/33'], ['proxy.internal'], ['10.0.0.1,'], ['0']])(
    '%s is refused: it trusts everyone or is not an address',
    (value) => {
      expect(() => fromEnv(value)).toThrow(/invalid configuration: .*trustProxy/);
    },
  );
});

describe('the client is the first untrusted hop from the right', () => {
  let spoofed = 1;
  let numbers = 7100;
  /** One SMS send through a balancer that saw `realClient`; the client forged a fresh left-most hop. */
  async function smsVia(realClient: string) {
    const user = await signUpAndSignIn(server!);
    return api(server!, 'POST', '/api/v3/send-enroll-factor-request', {
      token: user.token,
      headers: { 'x-forwarded-for': `203.0.113.${spoofed++}, ${realClient}` },
      body: { factorType: 'SMS', profile: { phoneNumber: `1380013${numbers++}` } },
    });
  }

  async function expectIpCapHolds(config: Partial<Config>) {
    server = await startTestServer({ config: { maxSmsPerIpPerHour: 2, ...config } });
    expect((await smsVia('198.51.100.7')).body.statusCode).toBe(200);
    expect((await smsVia('198.51.100.7')).body.statusCode).toBe(200);
    // A forged left-most hop does not make a new client: the per-IP cap still refuses.
    expect((await smsVia('198.51.100.7')).body).toMatchObject({ statusCode: 429, apiCode: 46041 });
    // Another real client behind the same balancer is counted apart.
    expect((await smsVia('198.51.100.8')).body.statusCode).toBe(200);
  }

  test('with the balancer named by address', async () => {
    await expectIpCapHolds({ trustProxy: '127.0.0.1,::1' });
  });

  test('with the balancer named by a range', async () => {
    await expectIpCapHolds({ trustProxy: '127.0.0.0/8, loopback' });
  });

  test('with no proxy trusted, X-Forwarded-For is ignored and the socket peer is the client', async () => {
    server = await startTestServer({ config: { maxSmsPerIpPerHour: 1 } });
    expect((await smsVia('198.51.100.7')).body.statusCode).toBe(200);
    expect((await smsVia('198.51.100.8')).body).toMatchObject({ statusCode: 429, apiCode: 46041 });
  });
});
