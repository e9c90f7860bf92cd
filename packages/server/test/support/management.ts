import { createRequire } from 'node:module';
import type { TestServer } from './test-server.js';

const require = createRequire(import.meta.url);
/** The official SDK's own signing code (authing-node-sdk/dist/utils/buildSignature.js), not a copy of ours. */
const officialSigning = require('authing-node-sdk/dist/utils/buildSignature.js') as {
  makeNonce(): string;
  buildStringToSign(method: string, uriPattern: string, headers: Record<string, string>, params: Record<string, unknown>): string;
  buildAuthorization(accessKeyId: string, accessKeySecret: string, stringToSign: string): string;
};

export interface AccessKey {
  accessKeyId: string;
  accessKeySecret: string;
}

/** An access key, made the way `tessera access-keys create` makes one. */
export function createAccessKey(server: TestServer, name = 'tests'): Promise<AccessKey> {
  return server.server.runtime.services.management.accessKeys.create({ name }, { appId: null, ip: null, userAgent: 'test' });
}

export interface SignedCall {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
  /** Headers as the Node SDK sends them, before signing; a test may change them. */
  headers?: Record<string, string>;
  /** Changes applied after signing (a tampered request). */
  afterSigning?: { headers?: Record<string, string>; body?: Record<string, unknown> };
}

/** The headers the Node ManagementClient signs (spec §2.3), with the real time unless told otherwise. */
export function sdkHeaders(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'x-authing-signature-nonce': officialSigning.makeNonce(),
    'x-authing-signature-method': 'HMAC-SHA1',
    'x-authing-signature-version': '1.0',
    'x-authing-sdk-version': 'authing-node-sdk:4.0.1',
    'x-authing-lang': 'en-US',
    date: new Date().toUTCString(),
    ...overrides,
  };
}

/** A management call signed by the official SDK's algorithm, sent with fetch so a test can bend any part. */
export async function signedCall(server: TestServer, key: AccessKey, call: SignedCall): Promise<any> {
  const headers = call.headers ?? sdkHeaders();
  const params = call.method === 'GET' ? (call.query ?? {}) : (call.body ?? {});
  const authorization = officialSigning.buildAuthorization(
    key.accessKeyId,
    key.accessKeySecret,
    officialSigning.buildStringToSign(call.method, call.path, headers, params),
  );
  const url = new URL(call.path, server.url);
  for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
  const sent = { ...headers, authorization, 'content-type': 'application/json', ...call.afterSigning?.headers };
  const body = call.method === 'POST' ? JSON.stringify(call.afterSigning?.body ?? call.body ?? {}) : undefined;
  const response = await fetch(url, { method: call.method, headers: sent, body });
  return response.json();
}
