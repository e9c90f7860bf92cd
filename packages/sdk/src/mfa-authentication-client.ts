import type {
  EnvelopeBase,
  MfaRequiredEnvelope,
  MfaSignInUserDto,
  V2Envelope,
  V2RecoveryEnvelope,
  VerifyAppEmailMfaDto,
  VerifyAppSmsMfaDto,
  VerifyTotpMfaDto,
  VerifyTotpRecoveryCodeDto,
} from '@tessera/contract';
import { resolveClientOptions, type AuthenticationClientInitOptions } from './client-options.js';
import { HttpClient } from './http-client.js';

/** apiCodes of a sign-in that needs a second step: 1635 verify a factor, 1636 bind one first. */
const MFA_API_CODES: ReadonlySet<number> = new Set([1635, 1636]);

/**
 * Whether a sign-in answer asks for a second factor (`statusCode` 499, apiCode 1635 or 1636) instead of
 * carrying an access token; narrows the answer so `data.mfaToken` is typed.
 *
 * @example
 * ```ts
 * const login = await client.signInByEmailPassword({ email, password });
 * if (isMfaRequired(login)) {
 *   const done = await mfa.verifyTotpMfa({ totp: '123456', mfaToken: login.data.mfaToken });
 *   if (done.code === 200) client.setAccessToken(done.data!.token);
 * }
 * ```
 */
export function isMfaRequired<T extends EnvelopeBase>(answer: T): answer is T & MfaRequiredEnvelope {
  const data = (answer as { data?: { mfaToken?: unknown } }).data;
  return answer.statusCode === 499 && MFA_API_CODES.has(answer.apiCode ?? 0) && typeof data?.mfaToken === 'string';
}

/**
 * The second step of a sign-in: redeems the `mfaToken` of a 1635/1636 answer (spec §5.3). Method names
 * and arguments are those of `MfaAuthenticationClient` in GenAuth's V2 JS SDK. Each answers the V2
 * envelope `{code, message, data}`: `code` 200 with the user and its access `token`, or the failure's
 * apiCode (6001 wrong code, 6002 wrong recovery code, 2057 locked with `data.retryAfterSeconds`,
 * 46070 mfaToken invalid, used or expired). An mfaToken is redeemed at most once.
 */
export class MfaAuthenticationClient {
  private readonly http: HttpClient;

  constructor(options: AuthenticationClientInitOptions) {
    this.http = new HttpClient(resolveClientOptions(options));
  }

  /** `POST /api/v2/mfa/totp/verify`: finishes the sign-in with the current TOTP (aal2). */
  verifyTotpMfa({ totp, mfaToken }: VerifyTotpMfaDto & { mfaToken: string }): Promise<V2Envelope<MfaSignInUserDto>> {
    return this.redeem('/api/v2/mfa/totp/verify', mfaToken, { totp });
  }

  /** `POST /api/v2/applications/mfa/sms/verify`: with the code `sendSms` texted (aal2). */
  verifyAppSmsMfa({ phone, code, mfaToken }: VerifyAppSmsMfaDto & { mfaToken: string }): Promise<V2Envelope<MfaSignInUserDto>> {
    return this.redeem('/api/v2/applications/mfa/sms/verify', mfaToken, { phone, code });
  }

  /** `POST /api/v2/applications/mfa/email/verify`: with the code `sendEmail` mailed (stays aal1). */
  verifyAppEmailMfa({ email, code, mfaToken }: VerifyAppEmailMfaDto & { mfaToken: string }): Promise<V2Envelope<MfaSignInUserDto>> {
    return this.redeem('/api/v2/applications/mfa/email/verify', mfaToken, { email, code });
  }

  /**
   * `POST /api/v2/mfa/totp/recovery`: with the OTP factor's recovery code. The code is spent; the answer's
   * top-level `recoveryCode` is its replacement, shown this once.
   */
  verifyTotpRecoveryCode({ recoveryCode, mfaToken }: VerifyTotpRecoveryCodeDto & { mfaToken: string }): Promise<V2RecoveryEnvelope> {
    return this.redeem('/api/v2/mfa/totp/recovery', mfaToken, { recoveryCode });
  }

  private redeem<T>(path: string, mfaToken: string, body: unknown): Promise<T> {
    return this.http.request<T>({ method: 'POST', path, body, answer: 'v2', authorization: `Bearer ${mfaToken}` });
  }
}

export type { MfaRequiredEnvelope };
