/**
 * Attack: squatting another person's identifier. Found against a live server: a username equal to the
 * victim's email took over account-login (`account` tried usernames first); `alice`, `ALICE`, full-width
 * `ａｌｉｃｅ` and `alice` + a zero-width space were four accounts, each able to pass for the others in a
 * list, an audit line or a support chat; and two accounts could claim the same phone. Defence: a
 * username can be neither an email nor a phone; every identifier is NFKC + case-folded (phones E.164)
 * into one key that the database makes unique across accounts; control, zero-width and bidi characters
 * are refused; and `account` is routed by its shape, never tried against each identifier in turn.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const PASSWORD = 'correct horse battery staple';
const ATTACKER_PASSWORD = 'attacker horse battery staple';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const unique = () => randomBytes(3).toString('hex');

function signUp(passwordPayload: { email?: string; username?: string; password?: string }, profile?: object) {
  return api(server, 'POST', '/api/v3/signup', {
    lang: 'en-US',
    body: { connection: 'PASSWORD', passwordPayload: { password: PASSWORD, ...passwordPayload }, ...(profile ? { profile } : {}) },
  });
}

async function signIn(passwordPayload: Record<string, string>) {
  const answer = await api(server, 'POST', '/api/v3/signin', {
    body: {
      connection: 'PASSWORD',
      passwordPayload,
      client_id: server.appId,
      client_secret: server.appSecret,
    },
  });
  return answer.body;
}

/** The userId inside an access token (its `sub`). */
const subjectOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub as string;

describe('a username cannot pass for an email or a phone', () => {
  test("a username equal to the victim's email is refused, and account sign-in reaches the victim only", async () => {
    const email = `victim-${unique()}@example.com`;
    const victim = await signUp({ email });
    expect(victim.body.statusCode).toBe(200);

    const squat = await signUp({ username: email, password: ATTACKER_PASSWORD });
    expect(squat.body).toMatchObject({ statusCode: 400, apiCode: 46028 });
    expect((await signUp({ username: email.toUpperCase(), password: ATTACKER_PASSWORD })).body.apiCode).toBe(46028);
    expect((await signUp({ username: `x＠${unique()}`, password: ATTACKER_PASSWORD })).body.apiCode).toBe(46028);

    const signedIn = await signIn({ account: email, password: PASSWORD });
    expect(signedIn.statusCode).toBe(200);
    expect(subjectOf(signedIn.data.access_token)).toBe(victim.body.data.userId);
    expect(await signIn({ account: email, password: ATTACKER_PASSWORD })).toMatchObject({ statusCode: 403, apiCode: 2333 });
  });

  test.each([['13800138000'], ['+86 138 0013 8000'], ['(202) 555-0143'], ['１３８００１３８０００']])('username %s (a phone) is refused', async (username) => {
    expect((await signUp({ username })).body).toMatchObject({ statusCode: 400, apiCode: 46028 });
  });
});

describe('one account per identifier, whatever its spelling', () => {
  test('alice, ALICE and full-width ａｌｉｃｅ are one username; the later ones are refused as taken', async () => {
    const name = `alice${unique()}`;
    expect((await signUp({ username: name })).body.statusCode).toBe(200);
    expect((await signUp({ username: name.toUpperCase() })).body).toMatchObject({ statusCode: 409, apiCode: 46020 });
    const fullWidth = [...name].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('');
    expect((await signUp({ username: fullWidth })).body).toMatchObject({ statusCode: 409, apiCode: 46020 });
  });

  test('case folding goes beyond lower-casing: straße and STRASSE are one username', async () => {
    const suffix = unique();
    expect((await signUp({ username: `straße${suffix}` })).body.statusCode).toBe(200);
    expect((await signUp({ username: `STRASSE${suffix}` })).body).toMatchObject({ statusCode: 409, apiCode: 46020 });
  });

  test.each([
    ['a zero-width space', '\u200b'],
    ['a zero-width joiner', '\u200d'],
    ['a right-to-left override', '\u202e'],
    ['a left-to-right isolate', '\u2066'],
    ['a byte-order mark', '\ufeff'],
    ['a Hangul filler', '\u3164'],
    ['a soft hyphen', '\u00ad'],
  ])('a username with %s is refused', async (_name, character) => {
    expect((await signUp({ username: `ali${character}ce${unique()}` })).body).toMatchObject({ statusCode: 400, apiCode: 46028 });
  });

  test('Bob@ and bob@ are one email; either spelling signs in to the one account', async () => {
    const local = `Bob${unique()}`;
    const first = await signUp({ email: `${local}@Example.com` });
    expect(first.body.statusCode).toBe(200);
    expect((await signUp({ email: `${local.toLowerCase()}@example.COM` })).body).toMatchObject({ statusCode: 409, apiCode: 46020 });
    const signedIn = await signIn({ email: `${local.toUpperCase()}@EXAMPLE.com`, password: PASSWORD });
    expect(subjectOf(signedIn.data.access_token)).toBe(first.body.data.userId);
  });

  test('a username signs in whatever its letter case', async () => {
    const name = `carol${unique()}`;
    const first = await signUp({ username: name });
    const signedIn = await signIn({ username: name.toUpperCase(), password: PASSWORD });
    expect(subjectOf(signedIn.data.access_token)).toBe(first.body.data.userId);
    expect(subjectOf((await signIn({ account: name.toUpperCase(), password: PASSWORD })).data.access_token)).toBe(first.body.data.userId);
  });
});

describe('a phone belongs to one account', () => {
  test('a second account cannot claim the same phone, however it is written', async () => {
    const owner = await signUp({ email: `phone-owner-${unique()}@example.com` }, { phone: '13912345678' });
    expect(owner.body.statusCode).toBe(200);
    for (const phone of [{ phone: '13912345678' }, { phone: '+8613912345678' }, { phone: '139-1234-5678', phoneCountryCode: '+86' }]) {
      const second = await signUp({ email: `phone-squatter-${unique()}@example.com` }, phone);
      expect(second.body).toMatchObject({ statusCode: 409, apiCode: 46020 });
      expect(second.body.message).toMatch(/phone/);
    }
    const signedIn = await signIn({ phone: '+8613912345678', password: PASSWORD });
    expect(subjectOf(signedIn.data.access_token)).toBe(owner.body.data.userId);
    expect(subjectOf((await signIn({ account: '13912345678', password: PASSWORD })).data.access_token)).toBe(owner.body.data.userId);
  });

  test('a phone that is not a valid number is refused at sign-up', async () => {
    const answer = await signUp({ email: `bad-phone-${unique()}@example.com` }, { phone: '12345' });
    expect(answer.body).toMatchObject({ statusCode: 400, apiCode: 46032 });
  });
});
