import type { Envelope, Language } from '@tessera/contract';
import { canonicalizeAppHost, DEFAULT_TIMEOUT_MS } from './client-options.js';
import { HttpClient, type HttpRequest, type QueryValue } from './http-client.js';
import { authorizationHeader, makeNonce, SIGNATURE_METHOD, SIGNATURE_VERSION, stringToSign } from './management-signature.js';

/** How a management call names a user (spec §7); Tessera serves these five. */
export type UserIdType = 'user_id' | 'external_id' | 'phone' | 'email' | 'username';
/** A factor type of the MFA settings (spec §7). */
export type MfaFactor = 'OTP' | 'SMS' | 'EMAIL' | 'FACE' | (string & {});

/** Options of {@link ManagementClient}: the official `ManagementClientOptions` that Tessera uses, same names. */
export interface ManagementClientOptions {
  /** The access key (`tessera access-keys create`). */
  accessKeyId: string;
  /** Its secret: signs every request (HMAC-SHA1, spec §8); never sent. */
  accessKeySecret: string;
  /** Base URL of the Tessera server, e.g. `https://auth.example.com`. */
  host: string;
  /** Sent as `x-authing-app-id` when set, as the official SDK does. */
  tenantId?: string;
  /** Language of the server's `message`; default `zh-CN`, as the official SDK. */
  lang?: Language;
  /** Request timeout in milliseconds; default 10 000. */
  timeout?: number;
}

type Query = Readonly<Record<string, QueryValue>>;
type Body = object;
type Data = Record<string, unknown>;

export interface ImportOtpItem {
  userId: string;
  otp: { secret: string; recoveryCode?: string };
}

/** What `importOtp` answers in `data`: one result per entry, in order. */
export interface OtpImportReport {
  imported: number;
  refused: number;
  results: ({ index: number; userId: string; imported: true; factorId: string } | { index: number; userId: string; imported: false; reason: string })[];
}

/** One line of the audit trail (never a secret). */
export interface AuditEvent {
  id: string;
  at: string;
  type: string;
  outcome: string | null;
  userId: string | null;
  appId: string | null;
  factorType: string | null;
  via: string | null;
  ip: string | null;
  userAgent: string | null;
  detail: Record<string, unknown> | null;
}

/** A user named the way management calls name users (spec §7). */
/** The events a webhook can receive (docs/operations.md). */
export type WebhookEventType = 'factor.enrolled' | 'factor.reset' | 'mfa.verified' | 'mfa.failed' | 'account.locked' | 'recovery_code.used' | 'session.revoked';

/** An app's webhook endpoint, as listed: never its secret. */
export interface WebhookEndpoint {
  id: string;
  appId: string;
  url: string;
  events: WebhookEventType[];
  createdAt: string;
}

/** One event for one endpoint and its delivery state. */
export interface WebhookDelivery {
  id: string;
  eventId: string;
  type: WebhookEventType;
  appId: string;
  endpointId: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  createdAt: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  lastError: string | null;
}

export interface UserReference {
  userId: string;
  userIdType?: UserIdType;
}

export interface MfaTriggerData {
  mfaToken: string;
  applicationMfa: { mfaPolicy: string; status: number; sort: number }[];
  [field: string]: unknown;
}

/**
 * The management client for Tessera: the official `authing-node-sdk` ManagementClient's method names and
 * arguments for the MFA methods of spec §7 and the user basics around them, every request signed with the
 * access key (spec §8). Each method resolves to the V3 envelope as the server sent it; a business failure
 * (a bad signature is `statusCode` 401, apiCode 1300) is an answer, and only transport failures throw
 * ({@link TesseraRequestError}).
 *
 * @example
 * ```ts
 * import { ManagementClient } from '@tessera/sdk';
 *
 * const management = new ManagementClient({ accessKeyId: 'AK', accessKeySecret: 'SK', host: 'https://auth.example.com' });
 * const { data } = await management.getUserMfaInfo({ userId: 'ada@example.com', userIdType: 'email' });
 * ```
 */
export class ManagementClient {
  private readonly http: SignedHttpClient;

  /** Throws a TypeError when `accessKeyId`, `accessKeySecret` or `host` is missing. */
  constructor(options: ManagementClientOptions) {
    if (!options.accessKeyId) throw new TypeError('Init ManagementClient failed: accessKeyId is not provided');
    if (!options.accessKeySecret) throw new TypeError('Init ManagementClient failed: accessKeySecret is not provided');
    if (!options.host) throw new TypeError('Init ManagementClient failed: host is not provided');
    this.http = new SignedHttpClient(options);
  }

  // Fields, not methods: the prototype holds exactly the official SDK's methods (test/sdk-exports.test.ts).
  private readonly get = <T = Data>(path: string, query: Query = {}): Promise<Envelope<T>> => this.http.request({ method: 'GET', path, query });
  private readonly post = <T = Data>(path: string, body: Body): Promise<Envelope<T>> => this.http.request({ method: 'POST', path, body });

  // ── MFA (spec §7) ──────────────────────────────────────────────────────────────────────────────

  /** Per-type MFA status of a user: `{totpStatus, smsMfaStatus, emailMfaStatus, faceMfaStatus}`. */
  getUserMfaInfo({ userId, userIdType = 'user_id' }: { userId: string; userIdType?: UserIdType }) {
    return this.get('/api/v3/get-user-mfa-info', { userId, userIdType });
  }

  /** Writes a user's MFA trigger data. */
  setUsersMfaStatus(body: { mfaTriggerData: MfaTriggerData; userId: string; userIdType?: UserIdType }) {
    return this.post<{ success: boolean }>('/api/v3/set-mfa-status', body);
  }

  /** A user's MFA trigger data (`GetMfaInfoDataDto`). */
  getUserMfaStatus({ userId, userIdType = 'user_id' }: { userId: string; userIdType?: UserIdType }) {
    return this.get('/api/v3/get-mfa-status', { userId, userIdType });
  }

  /** What MFA a user would be asked for in an app. */
  getMfaTriggerData({ appId, userId, userIdType = 'user_id' }: { appId: string; userId: string; userIdType?: UserIdType }) {
    return this.get('/api/v3/get-mfa-trigger-data', { appId, userId, userIdType });
  }

  /** Enables or disables factor types for one app; answers the app's enabled factors. */
  updateApplicationMfaSettings(body: { appId: string; enabledFactors?: MfaFactor[]; disabledFactors?: MfaFactor[] }) {
    return this.post<{ enabledFactors: MfaFactor[] }>('/api/v3/update-application-mfa-settings', body);
  }

  /** The factor types enabled for the whole pool (a factor is offered when enabled globally and for the app). */
  getGlobalMfaSettings() {
    return this.get<{ enabledFactors: MfaFactor[] }>('/api/v3/get-global-mfa-settings');
  }

  updateGlobalMfaSettings(body: { enabledFactors: MfaFactor[] }) {
    return this.post<{ enabledFactors: MfaFactor[] }>('/api/v3/update-global-mfa-settings', body);
  }

  /** Disables factor types for the pool (`POST /api/v3/disable-global-mfa-settings`, `disableFactors`). */
  closeGlobalMfaSettings(body: { disableFactors: MfaFactor[] }) {
    return this.post<{ enabledFactors: MfaFactor[] }>('/api/v3/disable-global-mfa-settings', body);
  }

  /** A user's TOTP secret; refused unless the server runs with TESSERA_ALLOW_OTP_SECRET_EXPORT=true. */
  getOtpSecretByUser({ userId, userIdType = 'user_id' }: { userId: string; userIdType?: UserIdType }) {
    return this.get<{ secret: string }>('/api/v3/get-otp-secret-by-user', { userId, userIdType });
  }

  /**
   * Binds TOTP secrets from another system: up to 1,000 entries, each imported or refused on its own;
   * `data.results` says which and why. `options.userIdType` (Tessera's addition) names users by email… .
   */
  importOtp(body: { list: ImportOtpItem[]; options?: { userIdType?: UserIdType } }) {
    return this.post<OtpImportReport>('/api/v3/import-otp', body);
  }

  // ── Tessera's own admin endpoints (/api/v3/tessera/*; no official SDK has them) ────────────────

  /** Tessera's addition: a user's bound factors (never a secret). */
  listUserFactors({ userId, userIdType = 'user_id' }: UserReference) {
    return this.get<{ factorId: string; factorType: string; profile: Data }[]>('/api/v3/tessera/list-user-factors', { userId, userIdType });
  }

  /** Tessera's addition: removes one factor (`factorId`) or all of a user's factors; their sessions end. */
  resetUserFactors(body: UserReference & { factorId?: string }) {
    return this.post<{ removedFactorIds: string[]; revokedSessions: number }>('/api/v3/tessera/reset-user-factors', body);
  }

  /** Tessera's addition: clears a user's second-factor failure count and lock. */
  unlockUser(body: UserReference) {
    return this.post<{ userId: string; previousConsecutiveFailures: number; unlocked: boolean }>('/api/v3/tessera/unlock-user', body);
  }

  /** Tessera's addition: a new recovery code for the user's OTP factor, in the answer this once. */
  regenerateUserRecoveryCode(body: UserReference) {
    return this.post<{ recoveryCode: string }>('/api/v3/tessera/regenerate-recovery-code', body);
  }

  /** Tessera's addition: a user's live sessions (never a token). */
  listUserSessions({ userId, userIdType = 'user_id' }: UserReference) {
    return this.get<{ sessionId: string; appId: string; aal: string; amr: string[]; createdAt: string; lastUsedAt: string; expiresAt: string }[]>(
      '/api/v3/tessera/list-user-sessions',
      { userId, userIdType },
    );
  }

  /** Tessera's addition: ends one session (`sessionId`) or all of a user's sessions. */
  revokeUserSessions(body: UserReference & { sessionId?: string }) {
    return this.post<{ revokedSessions: number }>('/api/v3/tessera/revoke-user-sessions', body);
  }

  /**
   * Tessera's addition: the audit trail, oldest first, filtered by user, event type and time range
   * (`from` inclusive, `to` exclusive); pass `nextCursor` back as `cursor` for the next page.
   */
  listAuditEvents(query: { userId?: string; userIdType?: UserIdType; type?: string; from?: Date | number; to?: Date | number; cursor?: string; limit?: number } = {}) {
    const epoch = (moment: Date | number | undefined) => (moment === undefined ? undefined : String(+moment));
    return this.get<{ events: AuditEvent[]; nextCursor: string | null }>('/api/v3/tessera/list-audit-events', {
      ...query,
      from: epoch(query.from),
      to: epoch(query.to),
    });
  }

  /** Tessera's addition: the delivery log of codes and notices, newest first (never a code). */
  listDeliveries(query: { userId?: string; userIdType?: UserIdType; limit?: number } = {}) {
    return this.get<Data[]>('/api/v3/tessera/list-deliveries', query);
  }

  /** Tessera's addition: a signed event webhook for an app; `secret` (whsec_…) is shown this once. */
  addWebhook(body: { appId: string; url: string; events: WebhookEventType[] }) {
    return this.post<{ endpoint: WebhookEndpoint; secret: string }>('/api/v3/tessera/add-webhook', body);
  }

  /** Tessera's addition: an app's webhook endpoints (never a secret). */
  listWebhooks({ appId }: { appId: string }) {
    return this.get<WebhookEndpoint[]>('/api/v3/tessera/list-webhooks', { appId });
  }

  /** Tessera's addition: removes an app's webhook endpoint; its undelivered events are dropped. */
  removeWebhook(body: { appId: string; webhookId: string }) {
    return this.post<{ removed: true }>('/api/v3/tessera/remove-webhook', body);
  }

  /** Tessera's addition: events sent to webhooks, newest first; pass `nextCursor` back as `cursor`. */
  listWebhookDeliveries(query: { appId?: string; state?: WebhookDelivery['state']; cursor?: string; limit?: number } = {}) {
    return this.get<{ deliveries: WebhookDelivery[]; nextCursor: string | null }>('/api/v3/tessera/list-webhook-deliveries', query);
  }

  // ── Users ───────────────────────────────────────────────────────────────────────────────────────

  /** Creates a user; `otp: {secret, recoveryCode?}` binds an imported TOTP secret with it. */
  createUser(body: { email?: string; phone?: string; phoneCountryCode?: string; username?: string; externalId?: string; password?: string; otp?: ImportOtpItem['otp']; [field: string]: unknown }) {
    return this.post('/api/v3/create-user', body);
  }

  getUser({
    userId,
    userIdType = 'user_id',
    flatCustomData = false,
    withCustomData = false,
    withPost = false,
    withIdentities = false,
    withDepartmentIds = false,
  }: {
    userId: string;
    userIdType?: UserIdType;
    flatCustomData?: boolean;
    withCustomData?: boolean;
    withPost?: boolean;
    withIdentities?: boolean;
    withDepartmentIds?: boolean;
  }) {
    return this.get('/api/v3/get-user', { userId, userIdType, flatCustomData, withCustomData, withPost, withIdentities, withDepartmentIds });
  }

  /** A page of users (`options.pagination {page, limit}`), filtered by email, phone or username. */
  listUsers(body: { keywords?: string; advancedFilter?: unknown[]; options?: { pagination?: { page?: number; limit?: number }; [field: string]: unknown } }) {
    return this.post<{ totalCount: number; list: Data[] }>('/api/v3/list-users', body);
  }

  updateUser(body: { userId: string; [field: string]: unknown }) {
    return this.post('/api/v3/update-user', body);
  }

  deleteUsersBatch(body: { userIds: string[]; options?: { userIdType?: UserIdType } }) {
    return this.post<{ success: boolean }>('/api/v3/delete-users-batch', body);
  }
}

/** The V3 transport with the management headers of spec §2.3, signed per spec §8. */
class SignedHttpClient extends HttpClient {
  constructor(private readonly management: ManagementClientOptions) {
    super({
      appId: '',
      appSecret: undefined,
      appHost: canonicalizeAppHost(management.host),
      tokenEndPointAuthMethod: 'none',
      lang: management.lang,
      timeoutMs: management.timeout || DEFAULT_TIMEOUT_MS,
    });
  }

  protected override async buildHeaders({ method, path, query, body }: HttpRequest): Promise<Record<string, string>> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'content-type': 'application/json',
      'x-authing-signature-nonce': makeNonce(),
      'x-authing-signature-method': SIGNATURE_METHOD,
      'x-authing-signature-version': SIGNATURE_VERSION,
      'x-authing-sdk-version': 'tessera-sdk:0.1.0',
      'x-authing-lang': this.management.lang ?? 'zh-CN',
      date: new Date().toUTCString(),
    };
    if (this.management.tenantId) headers['x-authing-app-id'] = this.management.tenantId;
    // GET signs the query the URL carries (null and undefined are in neither); other methods the body's keys.
    const params = method === 'GET' ? Object.fromEntries(Object.entries(query ?? {}).filter(([, value]) => value != null)) : (body as Readonly<Record<string, unknown>> | undefined);
    headers.authorization = await authorizationHeader(this.management.accessKeyId, this.management.accessKeySecret, stringToSign(method, path, headers, params));
    return headers;
  }
}

