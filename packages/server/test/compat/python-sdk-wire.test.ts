import { describe, expect, test } from 'vitest';
import { generateTotp } from '../../src/domain/factors/otp/totp.js';
import { secretOfUri } from '../support/factors.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * The official Python SDK (authing-py-sdk 5.1.0) cannot be installed here, so this replays its requests as
 * recorded on the wire (spec §2.2): its own headers, raw token, `None` dropped at the top level but sent as
 * `null` when nested, and — with client_secret_basic — no client credentials at all.
 */
const { server } = useTestServer();

function pythonSdk(appId: string, accessToken?: string) {
  const headers = (): Record<string, string> => ({
    'user-agent': 'python-requests/2.31.0',
    'x-authing-sdk-version': 'python:5.1.0',
    'x-authing-request-from': 'sdk',
    'x-authing-app-id': appId,
    ...(accessToken ? { authorization: accessToken } : {}),
  });
  return {
    setAccessToken(token: string) {
      accessToken = token;
    },
    async post(path: string, body: unknown) {
      const response = await fetch(new URL(path, server.url), {
        method: 'POST',
        headers: { ...headers(), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return response.json() as Promise<any>;
    },
    async get(path: string, params: Record<string, string> = {}) {
      const url = new URL(path, server.url);
      for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
      return (await fetch(url, { headers: headers() })).json() as Promise<any>;
    },
  };
}

describe('authing-py-sdk wire shapes', () => {
  test('sign_up / sign_in_by_email_password / send_enroll_factor_request / enroll_factor / get_factor', async () => {
    const client = pythonSdk(server.appId);
    const email = 'python@example.com';
    const password = 'correct horse battery staple';
    expect(await client.post('/api/v3/signup', { connection: 'PASSWORD', passwordPayload: { email, password } })).toMatchObject({ statusCode: 200 });
    const signIn = await client.post('/api/v3/signin', {
      connection: 'PASSWORD',
      passwordPayload: { email, password },
      client_id: server.appId,
      client_secret: server.appSecret,
    });
    expect(signIn).toMatchObject({ statusCode: 200 });
    client.setAccessToken(signIn.data.access_token);

    const started = await client.post('/api/v3/send-enroll-factor-request', { profile: {}, factorType: 'OTP' });
    const secret = secretOfUri(started.data.otpData.qrCodeUri);
    const enrolled = await client.post('/api/v3/enroll-factor', {
      enrollmentData: { passCode: generateTotp(secret, server.clock.now()) },
      enrollmentToken: started.data.enrollmentToken,
      factorType: 'OTP',
    });
    expect(enrolled).toMatchObject({ statusCode: 200 });

    const listed = await client.get('/api/v3/list-enrolled-factors');
    const factorId = listed.data[0].factorId as string;
    expect(await client.get('/api/v3/get-factor', { factorId })).toMatchObject({ statusCode: 200, data: { factorId, factorType: 'OTP' } });
  });

  test('a nested None arrives as null and is accepted (phoneCountryCode: null means +86)', async () => {
    const client = pythonSdk(server.appId);
    const password = 'correct horse battery staple';
    await client.post('/api/v3/signup', { connection: 'PASSWORD', passwordPayload: { email: 'py-null@example.com', password } });
    const signIn = await client.post('/api/v3/signin', {
      connection: 'PASSWORD',
      passwordPayload: { email: 'py-null@example.com', password },
      client_id: server.appId,
      client_secret: server.appSecret,
    });
    client.setAccessToken(signIn.data.access_token);
    const started = await client.post('/api/v3/send-enroll-factor-request', {
      profile: { phoneNumber: '13211112222', phoneCountryCode: null },
      factorType: 'SMS',
    });
    expect(started).toMatchObject({ statusCode: 200 });
    expect(server.lastCodeFor('+8613211112222')).toMatch(/^\d{6}$/);
  });

  test('with client_secret_basic the SDK sends no client credentials, which such an app accepts', async () => {
    const { app } = await server.server.runtime.services.admin.createApp({ name: 'Basic app', tokenEndpointAuthMethod: 'client_secret_basic' });
    const client = pythonSdk(app.id);
    const password = 'correct horse battery staple';
    await client.post('/api/v3/signup', { connection: 'PASSWORD', passwordPayload: { email: 'py-basic@example.com', password } });
    const signIn = await client.post('/api/v3/signin', { connection: 'PASSWORD', passwordPayload: { email: 'py-basic@example.com', password } });
    expect(signIn).toMatchObject({ statusCode: 200, data: { access_token: expect.any(String) } });
  });
});
