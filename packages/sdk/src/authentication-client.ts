import type {
  EnrollFactorDto,
  Envelope,
  EnvelopeBase,
  FactorDto,
  FactorToEnrollDto,
  GetFactorDto,
  GetSecurityInfoDto,
  MfaOtpVerifyDto,
  MfaTokenIntrospectParams,
  MfaTokenIntrospectResponse,
  OtpVerifyData,
  RegenerateRecoveryCodeData,
  SendEmailDto,
  SendSmsDto,
  ResetFactorDto,
  SendEnrollFactorRequestDataDto,
  SendEnrollFactorRequestDto,
  SignInDto,
  SignUpDto,
  UserDto,
} from '@tessera/contract';
import {
  resolveClientOptions,
  type AuthenticationClientInitOptions,
  type ResolvedClientOptions,
} from './client-options.js';
import { HttpClient } from './http-client.js';
import { MfaSignIn } from './mfa-sign-in.js';
import { toSignInResult, type SignInResult } from './sign-in-result.js';
import { TokenLifecycle, type LogoutParams, type RefreshResult } from './token-lifecycle.js';

type SignInOptions = NonNullable<SignInDto['options']>;
type SignUpProfile = NonNullable<SignUpDto['profile']>;
type SignUpOptions = NonNullable<SignUpDto['options']>;

/**
 * End-user client for Tessera's GenAuth V3 authentication API. Method names, arguments and results
 * are those of `AuthenticationClient` in the official `authing-node-sdk@4.0.1`, so code written for
 * GenAuth runs unchanged against Tessera.
 *
 * Every `/api/v3` method resolves to the V3 envelope `{ statusCode, message, apiCode?, requestId?, data? }`
 * exactly as the server sent it: a failed sign-in or a wrong factor id resolves with a non-200
 * `statusCode`; only transport failures throw ({@link TesseraRequestError}). Sign-in answers also carry
 * a `kind` ({@link SignInResult}); a second factor is answered through {@link mfa}. Tessera's own
 * `refresh`, `revoke` and `logout` speak the standard `/oidc` endpoints.
 *
 * As in the official SDK, signing in does not store the token: pass it to {@link setAccessToken}.
 *
 * @example
 * ```ts
 * import { AuthenticationClient } from '@tessera/sdk';
 *
 * const client = new AuthenticationClient({
 *   appId: 'APP_ID',
 *   appSecret: 'APP_SECRET',
 *   appHost: 'https://auth.example.com',
 *   lang: 'en-US',
 * });
 * const login = await client.signInByEmailPassword({ email: 'ada@example.com', password: 'secret' });
 * if (login.kind !== 'tokens') throw new Error(login.message); // or finish 'mfa-required' with client.mfa
 * client.setAccessToken(login.data.access_token);
 *
 * const { data } = await client.sendEnrollFactorRequest({ factorType: 'OTP', profile: {} });
 * // show data.otpData.qrCodeDataUrl, then confirm with the code from the authenticator app:
 * await client.enrollFactor({
 *   factorType: 'OTP',
 *   enrollmentToken: data!.enrollmentToken,
 *   enrollmentData: { passCode: '123456' },
 * });
 * ```
 */
export class AuthenticationClient {
  private readonly options: ResolvedClientOptions;
  private readonly http: HttpClient;
  /**
   * Tessera's own: finishes a sign-in that answered `kind: 'mfa-required'` with its `mfaToken`
   * (`verifyTotp`, `sendSms` + `verifySms`, `sendEmail` + `verifyEmail`, `useRecoveryCode`).
   */
  readonly mfa: MfaSignIn;
  private readonly tokens: TokenLifecycle;

  /** Throws a TypeError when `appId` or `appHost` is missing, or `appSecret` is missing but needed. */
  constructor(options: AuthenticationClientInitOptions) {
    this.options = resolveClientOptions(options);
    this.http = new HttpClient(this.options);
    this.http.accessToken = options.accessToken;
    this.mfa = new MfaSignIn(this.http);
    this.tokens = new TokenLifecycle(this.http, this.options);
  }

  /** Sets the user's access token, sent as a raw `authorization` header on later requests. */
  setAccessToken(accessToken: string): void {
    this.http.accessToken = accessToken;
  }

  // --- sign-up (spec §5.1): no client credentials are sent -------------------------------------

  /** `POST /api/v3/signup`: registers a user; `data` is the new user. */
  signUp(requestBody: SignUpDto): Promise<Envelope<UserDto>> {
    return this.http.request({ method: 'POST', path: '/api/v3/signup', body: requestBody });
  }

  /** Registers with email and password (a `PASSWORD` connection on {@link signUp}). */
  signUpByEmailPassword(requestBody: {
    email: string;
    password: string;
    profile?: SignUpProfile;
    options?: SignUpOptions;
  }): Promise<Envelope<UserDto>> {
    const { email, password, profile, options } = requestBody;
    return this.signUp({ connection: 'PASSWORD', passwordPayload: { password, email }, profile, options });
  }

  /** Registers with username and password (a `PASSWORD` connection on {@link signUp}). */
  signUpByUsernamePassword(requestBody: {
    username: string;
    password: string;
    profile?: SignUpProfile;
    options?: SignUpOptions;
  }): Promise<Envelope<UserDto>> {
    const { username, password, profile, options } = requestBody;
    return this.signUp({ connection: 'PASSWORD', passwordPayload: { password, username }, profile, options });
  }

  // --- sign-in (spec §5.2) -----------------------------------------------------------------------

  /**
   * `POST /api/v3/signin`: sends `requestBody` as given. Like the official SDK, it adds no
   * `client_id`/`client_secret` itself (the `signInBy*` wrappers do); under `client_secret_basic`
   * the Basic header is added on every call.
   *
   * Every `signIn…` method resolves to the envelope as sent plus a `kind` ({@link SignInResult}):
   * `'tokens'`, `'mfa-required'` (finish with `client.mfa`), `'enrollment-required'` or `'failed'`.
   */
  async signInByCredentials(requestBody: SignInDto): Promise<SignInResult> {
    return toSignInResult(await this.http.request({ method: 'POST', path: '/api/v3/signin', body: requestBody }));
  }

  /** Signs in with email and password; adds the client credentials under `client_secret_post`. */
  signInByEmailPassword(requestBody: {
    email: string;
    password: string;
    options?: SignInOptions;
  }): Promise<SignInResult> {
    const { email, password, options } = requestBody;
    return this.signInByCredentials(buildPasswordSignIn(this.options, { password, email }, options));
  }

  /** Signs in with phone number and password; adds the client credentials under `client_secret_post`. */
  signInByPhonePassword(requestBody: {
    phone: string;
    password: string;
    options?: SignInOptions;
  }): Promise<SignInResult> {
    const { phone, password, options } = requestBody;
    return this.signInByCredentials(buildPasswordSignIn(this.options, { password, phone }, options));
  }

  /** Signs in with username and password; adds the client credentials under `client_secret_post`. */
  signInByUsernamePassword(requestBody: {
    username: string;
    password: string;
    options?: SignInOptions;
  }): Promise<SignInResult> {
    const { username, password, options } = requestBody;
    return this.signInByCredentials(buildPasswordSignIn(this.options, { password, username }, options));
  }

  /** Signs in with any account name (username, phone or email) and password. */
  signInByAccountPassword(requestBody: {
    account: string;
    password: string;
    options?: SignInOptions;
  }): Promise<SignInResult> {
    const { account, password, options } = requestBody;
    return this.signInByCredentials(buildPasswordSignIn(this.options, { password, account }, options));
  }

  // --- the signed-in session (Tessera's own names; standard shapes under /oidc) ---------------------

  /**
   * Tessera's own, typed, for the official `getNewAccessTokenByRefreshToken`:
   * `POST /oidc/token` (`grant_type=refresh_token`): new tokens for a `refresh_token` of a sign-in made with
   * `options: { scope: 'openid offline_access' }`. The refresh token rotates: keep the new one.
   */
  refresh(refreshToken: string): Promise<RefreshResult> {
    return this.tokens.refresh(refreshToken);
  }

  /** Tessera's own, for the official `revokeToken`: `POST /oidc/token/revocation` (RFC 7009): revokes an access or refresh token; `true` when accepted. */
  revoke(token: string): Promise<boolean> {
    return this.tokens.revoke(token);
  }

  /** The `GET /oidc/session/end` address for a browser (RP-Initiated Logout), as the official `buildLogoutUrl`. */
  buildLogoutUrl(params?: LogoutParams): string {
    return this.tokens.buildLogoutUrl(params);
  }

  /** Tessera's own: ends the session from code (`GET /oidc/session/end`, redirect not followed); `true` when accepted. */
  logout(params?: LogoutParams): Promise<boolean> {
    return this.tokens.logout(params);
  }

  /** `GET /api/v3/get-security-info`: password level, whether MFA is bound, the account's security score. */
  getSecurityLevel(): Promise<Envelope<GetSecurityInfoDto>> {
    return this.http.request({ method: 'GET', path: '/api/v3/get-security-info' });
  }

  /** `GET /api/v3/get-profile`: the signed-in user. The flags default to `false`, as the official SDK sends them. */
  getProfile(query?: { withCustomData?: boolean; withIdentities?: boolean; withDepartmentIds?: boolean }): Promise<Envelope<UserDto>> {
    const { withCustomData = false, withIdentities = false, withDepartmentIds = false } = query ?? {};
    return this.http.request({ method: 'GET', path: '/api/v3/get-profile', query: { withCustomData, withIdentities, withDepartmentIds } });
  }

  // --- MFA factor management (spec §3): all need the user's access token -------------------------

  /** `POST /api/v3/send-enroll-factor-request`: starts binding a factor; `data.enrollmentToken` lives 60 s. */
  sendEnrollFactorRequest(requestBody: SendEnrollFactorRequestDto): Promise<Envelope<SendEnrollFactorRequestDataDto>> {
    return this.http.request({ method: 'POST', path: '/api/v3/send-enroll-factor-request', body: requestBody });
  }

  /** `POST /api/v3/enroll-factor`: completes the binding with the code received or generated. */
  enrollFactor(requestBody: EnrollFactorDto): Promise<EnvelopeBase> {
    return this.http.request({ method: 'POST', path: '/api/v3/enroll-factor', body: requestBody });
  }

  /** `POST /api/v3/reset-factor`: unbinds one of the user's factors. */
  resetFactor(requestBody: ResetFactorDto): Promise<EnvelopeBase> {
    return this.http.request({ method: 'POST', path: '/api/v3/reset-factor', body: requestBody });
  }

  /** `GET /api/v3/list-enrolled-factors`: every factor the user has bound. */
  listEnrolledFactors(): Promise<Envelope<FactorDto[]>> {
    return this.http.request({ method: 'GET', path: '/api/v3/list-enrolled-factors' });
  }

  /** `GET /api/v3/get-factor?factorId=`: one of the user's factors. */
  getFactor({ factorId }: GetFactorDto): Promise<Envelope<FactorDto>> {
    return this.http.request({ method: 'GET', path: '/api/v3/get-factor', query: { factorId } });
  }

  /** `GET /api/v3/list-factors-to-enroll`: factor types the app enables and the user has not bound. */
  listFactorsToEnroll(): Promise<Envelope<FactorToEnrollDto[]>> {
    return this.http.request({ method: 'GET', path: '/api/v3/list-factors-to-enroll' });
  }

  /**
   * Tessera's own (not in the official SDK): `POST /api/v3/regenerate-recovery-code` answers a new recovery
   * code, shown once; every older one stops working. Needs a second factor proven in this session within the
   * step-up window (else `statusCode` 403, apiCode 46072: verify a TOTP with `mfaOtpVerify` first).
   */
  regenerateRecoveryCode(): Promise<Envelope<RegenerateRecoveryCodeData>> {
    return this.http.request({ method: 'POST', path: '/api/v3/regenerate-recovery-code' });
  }

  /**
   * `POST /api/v3/mfa-totp-verify`: checks a TOTP against the user's bound OTP factor (`data.verified`).
   * A verified code also raises the session to aal2 (step-up). While the account is locked after repeated
   * failures it answers `statusCode` 429, apiCode 2057, `data.retryAfterSeconds`.
   */
  mfaOtpVerify(requestBody: MfaOtpVerifyDto): Promise<Envelope<OtpVerifyData>> {
    return this.http.request({ method: 'POST', path: '/api/v3/mfa-totp-verify', body: requestBody });
  }

  // --- sign-in with MFA (docs/mfa-sign-in.md) --------------------------------------------------------

  /**
   * `POST /api/v3/send-sms` with `channel: 'CHANNEL_VERIFY_MFA'`: texts a code for a pending sign-in to
   * the user's bound phone. The sign-in's `mfaToken` authenticates it: call
   * `setAccessToken(mfaToken)` first, as with the official SDK.
   */
  sendSms(requestBody: SendSmsDto): Promise<EnvelopeBase> {
    return this.http.request({ method: 'POST', path: '/api/v3/send-sms', body: requestBody });
  }

  /** `POST /api/v3/send-email` with `channel: 'CHANNEL_VERIFY_MFA'`: like {@link sendSms}, by email. */
  sendEmail(requestBody: SendEmailDto): Promise<EnvelopeBase> {
    return this.http.request({ method: 'POST', path: '/api/v3/send-email', body: requestBody });
  }

  /**
   * `POST /mfa/token/introspection`: whether an mfaToken can still be redeemed. Unlike the official SDK,
   * which drops its argument and always learns `{active: false}`, this sends `token`.
   *
   * @example
   * ```ts
   * const { active, exp } = await client.verifyMfaToken({ token: mfaToken });
   * ```
   */
  verifyMfaToken(formData: MfaTokenIntrospectParams): Promise<MfaTokenIntrospectResponse> {
    return this.http.request({ method: 'POST', path: '/mfa/token/introspection', body: formData, answer: 'object' });
  }
}

/**
 * The body of the four password wrappers, which differ only in the account field. Key order is the
 * official SDK's, so the bytes on the wire match it.
 */
function buildPasswordSignIn(
  client: ResolvedClientOptions,
  passwordPayload: NonNullable<SignInDto['passwordPayload']>,
  options: SignInOptions | undefined,
): SignInDto {
  const dto: SignInDto = { connection: 'PASSWORD', passwordPayload, options };
  // Spec §5.2: client_secret_post carries the credentials in the body; basic and none do not.
  if (client.tokenEndPointAuthMethod === 'client_secret_post') {
    dto.client_id = client.appId;
    dto.client_secret = client.appSecret;
  }
  return dto;
}
