/**
 * Attack: online password guessing. Against a live server, 300 wrong passwords for one account in 4 s were
 * all evaluated (2333 each), then the right one signed in; each guess also cost a 19 MiB Argon2 hash. A
 * bot with a password list, or one source spraying common passwords over many accounts, had no limit.
 * Defence (RL-01…RL-04 applied to the first factor): wrong passwords count against a budget per account
 * and client IP and a budget per client IP, in the shared counters, each with an hourly step (back-off)
 * and a daily one (refusal). Past a budget the answer is 429 with Retry-After, given before any lookup or
 * hash, and even the right password is refused from that source until the window ends.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { ConfigSchema, loadConfig, type Config } from '../../src/config.js';
import { assertPasswordAttemptPolicy, createPasswordAttempts } from '../../src/domain/accounts/password-attempts.js';
import { createArgon2Hasher } from '../../src/crypto/password-hasher.js';
import { cryptoRandom } from '../../src/crypto/random.js';
import { createAccountService } from '../../src/domain/accounts/account-service.js';
import { createSignUpCap } from '../../src/domain/accounts/sign-up-cap.js';
import type { TesseraError } from '../../src/domain/errors.js';
import type { AppRecord, PasswordHasher } from '../../src/domain/ports.js';
import { api } from '../support/api.js';
import { ManualClock } from '../support/manual-clock.js';
import { openSqlHarness } from '../support/storage-implementations.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { DEFAULT_OIDC_CLIENT_SETTINGS } from '../../src/domain/apps/oidc-client-settings.js';

let server: TestServer;
const started: TestServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((running) => running.close()));
});

const signIn = (email: string, password: string) =>
  api(server, 'POST', '/api/v3/signin', {
    body: { connection: 'PASSWORD', passwordPayload: { email, password }, client_id: server.appId, client_secret: server.appSecret },
  });

/** The shipped limits (the test harness lifts some for other suites). */
const DEFAULTS: Partial<Config> = {
  maxPasswordFailuresPerAccountPerHour: ConfigSchema.properties.maxPasswordFailuresPerAccountPerHour.default,
  maxPasswordFailuresPerAccountPerDay: ConfigSchema.properties.maxPasswordFailuresPerAccountPerDay.default,
  maxPasswordFailuresPerIpPerHour: ConfigSchema.properties.maxPasswordFailuresPerIpPerHour.default,
  maxPasswordFailuresPerIpPerDay: ConfigSchema.properties.maxPasswordFailuresPerIpPerDay.default,
};

async function startWith(config: Partial<Config> = {}) {
  server = await startTestServer({ config: { ...DEFAULTS, ...config } });
  started.push(server);
}

describe('wrong passwords for one account', () => {
  test('of 60 parallel guesses only the hourly budget (default 10) is evaluated; the rest get 429 with Retry-After', async () => {
    await startWith();
    const victim = await signUpAndSignIn(server);
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => signIn(victim.email, `wrong guess ${i}`)));
    const evaluated = answers.filter((answer) => answer.body.apiCode === 2333);
    const refused = answers.filter((answer) => answer.body.apiCode === 46022);
    expect(evaluated).toHaveLength(10);
    expect(refused).toHaveLength(50);
    for (const answer of refused) {
      expect(answer.httpStatus).toBe(200); // spec §0: the business status is in the envelope
      expect(answer.body.statusCode).toBe(429);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(answer.headers.get('retry-after'))).toBeLessThanOrEqual(86_400);
    }
    // The guessed-right password is refused too: the answer tells the attacker nothing. The day's budget
    // kept only the 10 evaluated failures, so the wait is the hour's.
    const right = await signIn(victim.email, victim.password);
    expect(right.body).toMatchObject({ statusCode: 429, apiCode: 46022 });
    expect(Number(right.headers.get('retry-after'))).toBe(3600);
  });

  test('back-off, then refusal: 10 more after the hour, then nothing until the day ends', async () => {
    await startWith();
    const victim = await signUpAndSignIn(server);
    for (let i = 0; i < 10; i++) expect((await signIn(victim.email, 'wrong password')).body.apiCode).toBe(2333);
    expect((await signIn(victim.email, 'wrong password')).body.apiCode).toBe(46022);
    server.clock.advanceSeconds(3600);
    for (let i = 0; i < 10; i++) expect((await signIn(victim.email, 'wrong password')).body.apiCode).toBe(2333);
    const refused = await signIn(victim.email, 'wrong password');
    expect(refused.body.apiCode).toBe(46022);
    // The daily budget (20) is spent: the wait runs to the end of the day that opened at the first guess.
    expect(Number(refused.headers.get('retry-after'))).toBe(86_400 - 3600);
    server.clock.advanceSeconds(3600);
    expect((await signIn(victim.email, victim.password)).body.apiCode).toBe(46022);
    server.clock.advanceSeconds(86_400);
    expect((await signIn(victim.email, victim.password)).body.statusCode).toBe(200);
  });

  test('the account budget holds whatever form of the login is typed, and for unknown accounts alike', async () => {
    await startWith({ maxPasswordFailuresPerAccountPerHour: 3 });
    const victim = await signUpAndSignIn(server);
    const upper = victim.email.toUpperCase();
    const viaAccount = (login: string) =>
      api(server, 'POST', '/api/v3/signin', {
        body: { connection: 'PASSWORD', passwordPayload: { account: login, password: 'wrong password' }, client_id: server.appId, client_secret: server.appSecret },
      });
    expect((await signIn(victim.email, 'wrong password')).body.apiCode).toBe(2333);
    expect((await signIn(upper, 'wrong password')).body.apiCode).toBe(2333);
    expect((await viaAccount(` ${victim.email} `)).body.apiCode).toBe(2333);
    expect((await viaAccount(victim.email)).body.apiCode).toBe(46022);
    // An unknown account is throttled the same way, so the throttle reveals nothing about existence.
    for (let i = 0; i < 3; i++) expect((await signIn('nobody@example.com', 'wrong password')).body.apiCode).toBe(2333);
    expect((await signIn('nobody@example.com', 'wrong password')).body.apiCode).toBe(46022);
  });

  test('a right password is not a failure: it gives its reservation back', async () => {
    await startWith({ maxPasswordFailuresPerAccountPerHour: 3 });
    const owner = await signUpAndSignIn(server); // one right sign-in already
    for (let i = 0; i < 5; i++) expect((await signIn(owner.email, owner.password)).body.statusCode).toBe(200);
    for (let i = 0; i < 3; i++) expect((await signIn(owner.email, 'typo password')).body.apiCode).toBe(2333);
    expect((await signIn(owner.email, 'typo password')).body.apiCode).toBe(46022);
  });
});

describe('one source spraying many accounts', () => {
  test('the per-IP budget stops it whatever the account', async () => {
    await startWith({ maxPasswordFailuresPerIpPerHour: 5 });
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push((await signIn(`spray-${i}@example.com`, 'Summer2026!')).body.apiCode);
    expect(answers).toEqual([2333, 2333, 2333, 2333, 2333, 46022, 46022, 46022]);
    // Refusals spent nothing of the accounts' own budgets: after the hour, account 5 is evaluated.
    server.clock.advanceSeconds(3600);
    expect((await signIn('spray-5@example.com', 'Summer2026!')).body.apiCode).toBe(2333);
  });
});

describe('a refusal costs no hash', () => {
  test('of 40 guesses, the real Argon2 hasher runs exactly 10 times', async () => {
    const h = await openSqlHarness('sqlite');
    const argon2 = createArgon2Hasher({ maxQueued: 100 });
    let hashesRun = 0;
    // The real hasher, counted: every verification (right, wrong or the unknown-account burn) is one hash.
    const passwords: PasswordHasher = {
      hash: (secret) => argon2.hash(secret),
      verify: (stored, secret) => (hashesRun++, argon2.verify(stored, secret)),
      burnVerification: (secret) => (hashesRun++, argon2.burnVerification(secret)),
    };
    const clock = new ManualClock();
    const policy = { maxFailuresPerAccountPerHour: 10, maxFailuresPerAccountPerDay: 20, maxFailuresPerIpPerHour: 100, maxFailuresPerIpPerDay: 500 };
    const accounts = createAccountService({
      clock,
      random: cryptoRandom,
      users: h.store.users,
      passwords,
      attempts: createPasswordAttempts({ clock, counter: h.store.rateCounter, policy }),
      signUps: createSignUpCap({ clock, counter: h.store.rateCounter, policy: { maxSignUpsPerIpPerHour: 10 } }),
    });
    const app: AppRecord = { id: 'app', name: 'app', secretHash: '', tokenEndpointAuthMethod: 'none', enabledFactors: [], mfaPolicy: 'off', createdAt: 0, ...DEFAULT_OIDC_CLIENT_SETTINGS };
    await accounts.createUser({ email: 'victim@example.com', username: null, password: 'the right passphrase' });
    const guesses = Array.from({ length: 40 }, (_, i) =>
      accounts
        .authenticatePassword(app, { connection: 'PASSWORD', passwordPayload: { email: 'victim@example.com', password: `guess ${i}` } }, {}, '198.51.100.7')
        .catch((error: TesseraError) => error.code),
    );
    const outcomes = await Promise.all(guesses);
    expect(outcomes.filter((code) => code === 'BAD_CREDENTIALS')).toHaveLength(10);
    expect(outcomes.filter((code) => code === 'SIGN_IN_THROTTLED')).toHaveLength(30);
    expect(hashesRun).toBe(10);
    await h.close();
  });
});

describe('configuration', () => {
  test('limits that contradict each other are refused', () => {
    const defaults = { maxFailuresPerAccountPerHour: 10, maxFailuresPerAccountPerDay: 20, maxFailuresPerIpPerHour: 100, maxFailuresPerIpPerDay: 500 };
    expect(() => assertPasswordAttemptPolicy({ ...defaults, maxFailuresPerAccountPerHour: 30 })).toThrow(/maxPasswordFailuresPerAccountPerHour/);
    expect(() => assertPasswordAttemptPolicy({ ...defaults, maxFailuresPerIpPerDay: 50 })).toThrow(/maxPasswordFailuresPerIpPerHour/);
    expect(() => loadConfig({ maxPasswordFailuresPerAccountPerHour: 101 })).toThrow(/invalid configuration/);
  });
});
