/**
 * The ManagementClient's request signature (spec §8) — against the spec's worked example, against the
 * official SDK's own implementation on the same inputs, and on the wire: what a capture server receives
 * verifies with the verifier's reading of the request (decoded query for GET, parsed JSON body otherwise).
 */
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ManagementClient } from '@tessera/sdk';
import { canonicalResource, sign, stringToSign } from '../src/management-signature.js';
import { startCaptureServer, type CaptureServer } from './capture-server.js';

const official = createRequire(import.meta.url)('authing-node-sdk/dist/utils/buildSignature.js') as {
  buildStringToSign(method: string, path: string, headers: Record<string, string>, params: Record<string, unknown>): string;
  buildSignature(secret: string, text: string): string;
};

const SPEC_HEADERS = {
  date: 'Fri, 27 Nov 2026 20:31:52 GMT',
  'x-authing-lang': 'zh-CN',
  'x-authing-sdk-version': 'authing-node-sdk:4.0.1',
  'x-authing-signature-method': 'HMAC-SHA1',
  'x-authing-signature-nonce': '9df1d2f4b5a6c7d8e9f00112233af05f',
  'x-authing-signature-version': '1.0',
  // Not signed: neither x-authing-* nor date.
  accept: 'application/json',
  'content-type': 'application/json',
  'user-agent': 'AuthingIdentityCloud (linux; x64) Node.js/v20 Core/4.0.1',
};

describe('ManagementClient signature (spec §8)', () => {
  test("the spec's worked example: POST set-mfa-status signs the sorted headers and the body's top-level keys", () => {
    const body = { userId: 'u1', mfaTriggerData: { mfaToken: 'x', applicationMfa: [] } };
    expect(stringToSign('POST', '/api/v3/set-mfa-status', SPEC_HEADERS, body)).toBe(
      'POST\ndate:Fri, 27 Nov 2026 20:31:52 GMT\nx-authing-lang:zh-CN\nx-authing-sdk-version:authing-node-sdk:4.0.1\n' +
        'x-authing-signature-method:HMAC-SHA1\nx-authing-signature-nonce:9df1d2f4b5a6c7d8e9f00112233af05f\nx-authing-signature-version:1.0\n' +
        '/api/v3/set-mfa-status?mfaTriggerData={"mfaToken":"x","applicationMfa":[]}&userId=u1',
    );
  });

  test('the signature is base64 HMAC-SHA1 keyed with the access key secret (UTF-8 both)', async () => {
    const text = 'GET\ndate:x\n/api/v3/get-global-mfa-settings';
    expect(await sign('sëcret', text)).toBe(createHmac('sha1', Buffer.from('sëcret', 'utf8')).update(text, 'utf8').digest('base64'));
  });

  test.each([
    ['GET with a query', 'GET', '/api/v3/get-user-mfa-info', { userId: 'ada@example.com', userIdType: 'email' }],
    ['GET with booleans and unicode, no URL-encoding', 'GET', '/api/v3/get-user', { userId: '艾达 +1', withPost: false, flatCustomData: true }],
    ['GET without parameters: the bare path', 'GET', '/api/v3/get-global-mfa-settings', {}],
    ['POST with nested objects and arrays, key order kept', 'POST', '/api/v3/import-otp', { list: [{ userId: 'u', otp: { secret: 'JBSW', recoveryCode: 'a-b' } }] }],
    ['POST with null, numbers and an undefined key left out', 'POST', '/api/v3/update-user', { userId: 'u', nickname: null, age: 3.5, phone: undefined }],
    ['POST whose every key is undefined: path and a bare ?', 'POST', '/api/v3/list-users', { options: undefined }],
  ] as const)('%s: the same string and signature as the official SDK', async (_name, method, path, params) => {
    const headers = { ...SPEC_HEADERS, 'x-authing-app-id': 'tenant-1', 'x-authing-lang': ' en-US\t' };
    const ours = stringToSign(method, path, headers, params);
    expect(ours).toBe(official.buildStringToSign(method, path, headers, params as Record<string, unknown>));
    expect(await sign('secret', ours)).toBe(official.buildSignature('secret', ours));
  });

  test('header values have tabs and newlines made spaces and their ends trimmed', () => {
    expect(stringToSign('GET', '/p', { 'x-authing-lang': '\ten\nUS ' }, {})).toBe('GET\nx-authing-lang:en US\n/p');
  });

  test('canonicalResource renders what the spec says: sorted, unencoded, JSON for objects', () => {
    expect(canonicalResource('/p', { b: 'x y&z', a: { k: [1, 'two'] } })).toBe('/p?a={"k":[1,"two"]}&b=x y&z');
  });
});

describe('ManagementClient on the wire', () => {
  let capture: CaptureServer;
  beforeAll(async () => {
    capture = await startCaptureServer();
  });
  afterAll(() => capture.close());

  /** What a verifier computes from the request as received (spec §8 "server verification notes"). */
  function verifierSignature(secret: string) {
    const request = capture.last();
    const url = new URL(request.url, 'http://x');
    const params = request.method === 'GET' ? Object.fromEntries(url.searchParams) : (JSON.parse(request.body) as Record<string, unknown>);
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
    return createHmac('sha1', secret).update(official.buildStringToSign(request.method, url.pathname, headers, params)).digest('base64');
  }

  test('a signed GET carries the spec §2.3 headers and a signature the verifier recomputes', async () => {
    const client = new ManagementClient({ accessKeyId: 'AK1', accessKeySecret: 'SK1', host: capture.url, tenantId: 'tenant-1' });
    await client.getUserMfaInfo({ userId: 'ada@example.com', userIdType: 'email' });
    const { headers, url } = capture.last();
    expect(url).toBe('/api/v3/get-user-mfa-info?userId=ada%40example.com&userIdType=email');
    expect(headers).toMatchObject({
      'x-authing-signature-method': 'HMAC-SHA1',
      'x-authing-signature-version': '1.0',
      'x-authing-lang': 'zh-CN',
      'x-authing-app-id': 'tenant-1',
      'x-authing-signature-nonce': expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(new Date(headers.date!).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(headers.authorization).toBe(`authing AK1:${verifierSignature('SK1')}`);
  });

  test('a signed POST signs the JSON body the server parses; nonces are never reused', async () => {
    const client = new ManagementClient({ accessKeyId: 'AK1', accessKeySecret: 'SK1', host: capture.url, lang: 'en-US' });
    await client.importOtp({ list: [{ userId: 'u1', otp: { secret: 'JBSWY3DPEHPK3PXP' } }] });
    expect(capture.last().headers.authorization).toBe(`authing AK1:${verifierSignature('SK1')}`);
    await client.importOtp({ list: [{ userId: 'u1', otp: { secret: 'JBSWY3DPEHPK3PXP' } }] });
    const [first, second] = capture.requests.slice(-2);
    expect(first!.headers['x-authing-signature-nonce']).not.toBe(second!.headers['x-authing-signature-nonce']);
  });

  test('missing credentials or host are refused at construction', () => {
    expect(() => new ManagementClient({ accessKeyId: '', accessKeySecret: 's', host: 'h' })).toThrow(TypeError);
    expect(() => new ManagementClient({ accessKeyId: 'a', accessKeySecret: '', host: 'h' })).toThrow(TypeError);
    expect(() => new ManagementClient({ accessKeyId: 'a', accessKeySecret: 's', host: '' })).toThrow(TypeError);
  });
});
