import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

describe('the V3 error envelope', () => {
  test('an unknown /api route answers HTTP 200 with statusCode 404 ROUTE_NOT_FOUND', async () => {
    const answer = await api(server, 'GET', '/api/v3/no-such-endpoint');
    expect(answer.httpStatus).toBe(200);
    expect(answer.body).toEqual({
      statusCode: 404,
      apiCode: 46004,
      message: '接口不存在：GET /api/v3/no-such-endpoint',
      requestId: expect.any(String),
    });
  });

  test('outside /api the HTTP status tells the truth and the body is still an envelope', async () => {
    const answer = await api(server, 'GET', '/no-such-page');
    expect(answer.httpStatus).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(/application\/json/);
    expect(answer.body).toMatchObject({ statusCode: 404, apiCode: 46004 });
  });

  test('x-authing-lang: en-US chooses English messages', async () => {
    const answer = await api(server, 'GET', '/api/v3/list-enrolled-factors', { lang: 'en-US' });
    expect(answer.body.message).toBe('Not logged in: an access token is required');
  });

  test('messages default to zh-CN without x-authing-lang', async () => {
    const answer = await api(server, 'GET', '/api/v3/list-enrolled-factors');
    expect(answer.body.message).toBe('尚未登录，需要 access token');
  });

  test('the request id of an answer is the one in the server log', async () => {
    const answer = await api(server, 'GET', '/api/v3/list-enrolled-factors');
    expect(server.logs.text()).toContain(answer.body.requestId);
  });

  test('success envelopes carry statusCode 200, a message and a request id', async () => {
    const user = await signUpAndSignIn(server);
    const answer = await api(server, 'GET', '/api/v3/list-enrolled-factors', { token: user.token, lang: 'en-US' });
    expect(answer.body).toEqual({ statusCode: 200, message: 'Success', requestId: expect.any(String), data: [] });
  });

  test('an unexpected failure answers a 500 envelope whose detail is only in the log', async () => {
    const user = await signUpAndSignIn(server);
    const started = await api(server, 'POST', '/api/v3/send-enroll-factor-request', { token: user.token, body: { factorType: 'OTP', profile: {} } });
    // Corrupt the stored ciphertext: opening it must fail loudly, never pass or say "wrong code".
    await server.server.runtime.store.db.updateTable('pending_enrollments').set({ secret_sealed: 'v1.k-unknown.AAAA.AAAA.AAAA' }).execute();
    const answer = await api(server, 'POST', '/api/v3/enroll-factor', {
      token: user.token,
      body: { factorType: 'OTP', enrollmentToken: started.body.data.enrollmentToken, enrollmentData: { passCode: '123456' } },
    });
    expect(answer.body).toEqual({ statusCode: 500, apiCode: 46099, message: '服务器内部错误', requestId: expect.any(String) });
    expect(JSON.stringify(answer.body)).not.toMatch(/stack|sealed|Error:/);
    expect(server.logs.text()).toContain('sealed secret has an unknown format or key id');
  });
});
