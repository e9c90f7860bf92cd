import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

const password = 'correct horse battery staple';
const signUp = (passwordPayload: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  api(server, 'POST', '/api/v3/signup', { body: { connection: 'PASSWORD', passwordPayload, ...extra } });
const signIn = (passwordPayload: Record<string, unknown>, client: Record<string, unknown> = { client_id: server.appId, client_secret: server.appSecret }) =>
  api(server, 'POST', '/api/v3/signin', { body: { connection: 'PASSWORD', passwordPayload, ...client } });

describe('POST /api/v3/signup', () => {
  test('creates a user from email and password and returns a UserDto', async () => {
    const answer = await signUp({ email: 'Alice@Example.COM', password }, { profile: { nickname: 'alice' } });
    expect(answer.httpStatus).toBe(200);
    expect(answer.body).toMatchObject({
      statusCode: 200,
      data: { email: 'Alice@example.com', nickname: 'alice', status: 'Activated', userSourceType: 'register' },
    });
    expect(answer.body.data.userId).toMatch(/^[0-9a-f]{24}$/);
    expect(JSON.stringify(answer.body)).not.toContain('password');
  });

  test('creates a user from a username', async () => {
    const answer = await signUp({ username: 'bob', password });
    expect(answer.body).toMatchObject({ statusCode: 200, data: { username: 'bob' } });
  });

  test('refuses a second account with the same email with 409', async () => {
    await signUp({ email: 'twice@example.com', password });
    const again = await signUp({ email: 'twice@example.com', password });
    expect(again.body).toMatchObject({ statusCode: 409, apiCode: 46020 });
  });

  test('refuses a password shorter than 8 characters', async () => {
    const answer = await signUp({ email: 'short@example.com', password: 'short' });
    expect(answer.body).toMatchObject({ statusCode: 400, apiCode: 46021 });
  });

  test('refuses a payload with neither email nor username', async () => {
    const answer = await signUp({ password });
    expect(answer.body).toMatchObject({ statusCode: 400, apiCode: 46001 });
  });

  test('refuses a malformed email', async () => {
    const answer = await signUp({ email: 'not-an-email', password });
    expect(answer.body).toMatchObject({ statusCode: 400, apiCode: 46033 });
  });
});

describe('POST /api/v3/signin', () => {
  test('returns an ES256 access token with GenAuth field names', async () => {
    await signUp({ email: 'carol@example.com', password });
    const answer = await signIn({ email: 'carol@example.com', password });
    expect(answer.body).toMatchObject({ statusCode: 200, data: { token_type: 'bearer', expire_in: 7200 } });
    const [header] = (answer.body.data.access_token as string).split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toMatchObject({ alg: 'ES256' });
  });

  test('accepts client credentials in an HTTP Basic header', async () => {
    await signUp({ email: 'dave@example.com', password });
    const answer = await api(server, 'POST', '/api/v3/signin', {
      headers: { authorization: `Basic ${Buffer.from(`${server.appId}:${server.appSecret}`).toString('base64')}` },
      body: { connection: 'PASSWORD', passwordPayload: { email: 'dave@example.com', password } },
    });
    expect(answer.body.statusCode).toBe(200);
  });

  test('signs in by username, and by account (any identifier)', async () => {
    await signUp({ username: 'erin', email: 'erin@example.com', password });
    expect((await signIn({ username: 'erin', password })).body.statusCode).toBe(200);
    expect((await signIn({ account: 'erin@example.com', password })).body.statusCode).toBe(200);
  });

  test('wrong password, unknown user and wrong client secret answer identically (AZ-03)', async () => {
    await signUp({ email: 'frank@example.com', password });
    const answers = await Promise.all([
      signIn({ email: 'frank@example.com', password: 'wrong password!' }),
      signIn({ email: 'nobody@example.com', password }),
      signIn({ email: 'frank@example.com', password }, { client_id: server.appId, client_secret: 'not-the-secret' }),
    ]);
    const shapes = answers.map(({ body }) => ({ statusCode: body.statusCode, apiCode: body.apiCode, message: body.message }));
    expect(shapes[0]).toEqual({ statusCode: 403, apiCode: 2333, message: '账号不存在或密码错误' });
    expect(shapes[1]).toEqual(shapes[0]);
    expect(shapes[2]).toEqual(shapes[0]);
  });

  test('refuses a sign-in without client credentials for a client_secret_post app', async () => {
    await signUp({ email: 'gina@example.com', password });
    const answer = await signIn({ email: 'gina@example.com', password }, {});
    expect(answer.body).toMatchObject({ statusCode: 403, apiCode: 2333 });
  });

  test('answers APP_NOT_FOUND for an unknown x-authing-app-id', async () => {
    const answer = await api(server, 'POST', '/api/v3/signin', {
      appId: 'ffffffffffffffffffffffff',
      body: { connection: 'PASSWORD', passwordPayload: { email: 'x@example.com', password } },
    });
    expect(answer.body).toMatchObject({ statusCode: 404, apiCode: 2011 });
  });

  test('the signed-in user can call the factor endpoints with the raw token and with Bearer', async () => {
    const user = await signUpAndSignIn(server);
    const raw = await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token });
    const bearer = await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: `Bearer ${user.token}` });
    expect(raw.body).toMatchObject({ statusCode: 200, data: [] });
    expect(bearer.body).toMatchObject({ statusCode: 200, data: [] });
  });
});
