import { language } from './i18n.js';

/**
 * The page's client of Tessera's own endpoints — the V3/V2 API the SDKs call, plus /page/* — always
 * same-origin. `x-tessera-page: 1` asks the server to keep the session token in an HttpOnly cookie
 * (never visible here) and to accept that cookie back; state-changing calls echo the CSRF cookie.
 */

/** A business failure from the server: the catalog's code and its message in the page's language. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly apiCode: number | undefined,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** What a call answers when it succeeds: the envelope's data, and any top-level extra (V2 recovery). */
export interface Answer<T> {
  statusCode: number;
  apiCode?: number;
  message: string;
  data: T;
  recoveryCode?: string;
}

export const API_CODES = {
  mfaRequired: 1635,
  mfaEnrollmentRequired: 1636,
  stepUpRequired: 46072,
} as const;

let appId = '';

export function useApp(id: string): void {
  appId = id;
}

function csrfToken(): string | undefined {
  const match = /(?:^|;\s*)tessera_csrf=([^;]+)/.exec(document.cookie);
  return match?.[1];
}

/**
 * One call. V3 envelopes carry `statusCode`, V2 ones `code`; both are normalized. A 499 (sign-in asks for a
 * second factor) is an answer, not a failure.
 */
export async function call<T>(method: 'GET' | 'POST' | 'PUT', path: string, options: { body?: unknown; bearer?: string } = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { 'x-tessera-page': '1', 'x-authing-lang': language(), accept: 'application/json' };
  if (appId) headers['x-authing-app-id'] = appId;
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  const csrf = csrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  if (method !== 'GET') headers['content-type'] = 'application/json';
  let json: Record<string, unknown>;
  try {
    const response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(method !== 'GET' ? { body: JSON.stringify(options.body ?? {}) } : {}),
    });
    json = (await response.json()) as Record<string, unknown>;
  } catch {
    throw new ApiError(0, undefined, '');
  }
  const statusCode = typeof json.statusCode === 'number' ? json.statusCode : json.code === 200 ? 200 : 400;
  const apiCode = typeof json.apiCode === 'number' ? json.apiCode : typeof json.code === 'number' && json.code !== 200 ? json.code : undefined;
  const message = typeof json.message === 'string' ? json.message : '';
  if (statusCode !== 200 && statusCode !== 499) throw new ApiError(statusCode, apiCode, message, json.data);
  return {
    statusCode,
    ...(apiCode === undefined ? {} : { apiCode }),
    message,
    data: json.data as T,
    ...(typeof json.recoveryCode === 'string' ? { recoveryCode: json.recoveryCode } : {}),
  };
}

export const get = <T>(path: string, bearer?: string) => call<T>('GET', path, bearer ? { bearer } : {});
export const post = <T>(path: string, body: unknown, bearer?: string) => call<T>('POST', path, bearer ? { body, bearer } : { body });
export const put = <T>(path: string, body: unknown) => call<T>('PUT', path, { body });

// --- wire shapes (the subset the page reads) -------------------------------------------------------

export interface PublicAppJSON {
  appId: string;
  name: string;
  enabledFactors: string[];
  mfaPolicy: string;
}

export interface MfaRequiredJSON {
  mfaToken: string;
  totpMfaEnabled: boolean;
  faceMfaEnabled?: boolean;
  mfaPhone?: string;
  mfaPhoneCountryCode?: string;
  mfaEmail?: string;
  applicationMfa: Array<{ mfaPolicy: string; status: number; sort: number }>;
}

export interface FactorJSON {
  factorId: string;
  factorType: string;
  profile: { phoneNumber?: string; phoneCountryCode?: string; email?: string; passkeys?: PasskeyJSON[] };
}

export interface EnrollmentStartJSON {
  enrollmentToken: string;
  otpData?: { qrCodeUri: string; qrCodeDataUrl: string; recoveryCode: string };
}

export interface SessionJSON {
  sessionId: string;
  current: boolean;
  aal: string;
  createdAt: string;
  lastUsedAt: string;
}

export interface PasskeyJSON {
  credentialId: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  backedUp: boolean;
}
