/**
 * Attack: a sign-up flood. A bot registers accounts as fast as it can: each one costs an Argon2 hash
 * (19 MiB, tens of milliseconds of a core) and gives the bot a fresh account to request SMS codes with
 * (SMS pumping) or to squat identifiers. Defence: sign-ups per client IP are capped over a rolling hour in
 * the shared counters (database or Redis); past the cap the answer is 429 with Retry-After and no hash is
 * computed. Other addresses keep signing up. The clients are real loopback addresses, no forwarded header.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { ConfigSchema, type Config } from '../../src/config.js';
import { apiFrom } from '../support/api-from.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const BOT = '127.0.0.2';
const SOMEONE_ELSE = '127.0.0.3';
const DEFAULT_CAP = ConfigSchema.properties.maxSignUpsPerIpPerHour.default;

let server: TestServer;
afterEach(() => server.close());

let serial = 0;
const signUpFrom = (source: string) =>
  apiFrom(server, source, '/api/v3/signup', {
    connection: 'PASSWORD',
    passwordPayload: { email: `flood-${serial++}@example.com`, password: 'a long enough password' },
  });

async function startWith(config: Partial<Config>) {
  server = await startTestServer({ config });
}

describe('sign-ups per client IP', () => {
  test(`at the default cap (${DEFAULT_CAP} an hour), the next sign-up from that IP is refused with Retry-After`, async () => {
    // A queue long enough for the whole burst: here the sign-up cap must refuse, not the Argon2 cap.
    await startWith({ maxSignUpsPerIpPerHour: DEFAULT_CAP, argon2MaxQueued: 100 });
    const answers = await Promise.all(Array.from({ length: DEFAULT_CAP + 5 }, () => signUpFrom(BOT)));
    expect(answers.filter((answer) => answer.body.statusCode === 200)).toHaveLength(DEFAULT_CAP);
    const refused = answers.filter((answer) => answer.body.apiCode === 46023);
    expect(refused).toHaveLength(5);
    for (const answer of refused) {
      expect(answer.body.statusCode).toBe(429);
      expect(Number(answer.headers.get('retry-after'))).toBe(3600);
    }
  });

  test('another address still signs up, and the bot again after the hour', async () => {
    await startWith({ maxSignUpsPerIpPerHour: 2 });
    for (let i = 0; i < 2; i++) expect((await signUpFrom(BOT)).body.statusCode).toBe(200);
    expect((await signUpFrom(BOT)).body.apiCode).toBe(46023);
    expect((await signUpFrom(SOMEONE_ELSE)).body.statusCode).toBe(200);
    server.clock.advanceSeconds(3600);
    expect((await signUpFrom(BOT)).body.statusCode).toBe(200);
  });

  test('a refused sign-up creates no account', async () => {
    await startWith({ maxSignUpsPerIpPerHour: 1 });
    await signUpFrom(BOT);
    const email = `flood-${serial}@example.com`;
    expect((await signUpFrom(BOT)).body.apiCode).toBe(46023);
    // Had it been created, this sign-up of the same address would answer USER_ALREADY_EXISTS.
    const again = await apiFrom(server, SOMEONE_ELSE, '/api/v3/signup', {
      connection: 'PASSWORD',
      passwordPayload: { email, password: 'a long enough password' },
    });
    expect(again.body.statusCode).toBe(200);
  });
});
