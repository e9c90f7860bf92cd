import type { TestServer } from './test-server.js';

export interface ApiAnswer<T = any> {
  httpStatus: number;
  headers: Headers;
  body: T;
}

export interface ApiCall {
  token?: string;
  appId?: string | null;
  lang?: string;
  headers?: Record<string, string>;
  /** Sent as JSON unless `rawBody` is given. */
  body?: unknown;
  rawBody?: string;
  query?: Record<string, string>;
}

/** One black-box HTTP call, the way the official SDKs make it (raw token, x-authing-app-id). */
export async function api<T = any>(server: TestServer, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, call: ApiCall = {}): Promise<ApiAnswer<T>> {
  const url = new URL(path, server.url);
  for (const [key, value] of Object.entries(call.query ?? {})) url.searchParams.set(key, value);
  const headers: Record<string, string> = { ...call.headers };
  if (call.appId !== null) headers['x-authing-app-id'] = call.appId ?? server.appId;
  if (call.token) headers.authorization = call.token;
  if (call.lang) headers['x-authing-lang'] = call.lang;
  let body: string | undefined;
  if (call.rawBody !== undefined || call.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = call.rawBody ?? JSON.stringify(call.body);
  }
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // leave non-JSON bodies as text; the assertion will say so
  }
  return { httpStatus: response.status, headers: response.headers, body: parsed as T };
}
