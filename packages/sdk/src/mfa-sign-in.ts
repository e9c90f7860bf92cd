import type { EnvelopeBase, MfaSignInUserDto, V2Envelope, V2RecoveryEnvelope } from '@tessera/contract';
import type { HttpClient } from './http-client.js';

/** A second step that finished the sign-in: the V2 envelope, plus the access token under a plain name. */
export interface MfaSignedIn extends V2Envelope<MfaSignInUserDto> {
  readonly kind: 'tokens';
  code: 200;
  data: MfaSignInUserDto;
  /** `data.token`: the access token of the new session; pass it to `setAccessToken`. */
  readonly accessToken: string;
  /** Only after {@link MfaSignIn.useRecoveryCode}: the replacement recovery code, shown this once. */
  readonly recoveryCode?: string;
}

/**
 * A second step that did not finish the sign-in. `code` is the apiCode: 6001 wrong code, 6002 wrong
 * recovery code, 2057 locked (`data.retryAfterSeconds`), 46071 locked until an operator unlocks, 46070
 * mfaToken invalid, used or expired (sign in again).
 */
export interface MfaSignInFailed extends V2Envelope<{ retryAfterSeconds?: number } | undefined> {
  readonly kind: 'failed';
}

/** The answer of every `client.mfa.verify…` / `useRecoveryCode` call. */
export type MfaSignInResult = MfaSignedIn | MfaSignInFailed;

/**
 * The second step of a sign-in that answered `kind: 'mfa-required'` (apiCode 1635) or, once a factor is
 * bound, `'enrollment-required'` (1636): each method takes that answer's `mfaToken`, which is redeemed at
 * most once and lives five minutes. Reached as `client.mfa`; the client's own access token is untouched.
 *
 * @example
 * ```ts
 * const login = await client.signInByEmailPassword({ email, password });
 * if (login.kind === 'mfa-required') {
 *   const done = await client.mfa.verifyTotp(login.mfaToken, '123456');
 *   if (done.kind === 'tokens') client.setAccessToken(done.accessToken);
 * }
 * ```
 */
export class MfaSignIn {
  constructor(private readonly http: HttpClient) {}

  /** Finishes with the current code of the user's authenticator app (session at aal2). */
  verifyTotp(mfaToken: string, totp: string): Promise<MfaSignInResult> {
    return this.redeem('/api/v2/mfa/totp/verify', mfaToken, { totp });
  }

  /**
   * Texts a code to the user's bound phone. The sign-in answer shows it masked (`data.mfaPhone`): ask the
   * user for the full national number. Resolves to the V3 envelope (`statusCode` 200 when sent).
   */
  sendSms(mfaToken: string, phone: { phoneNumber: string; phoneCountryCode?: string }): Promise<EnvelopeBase> {
    const body = { channel: 'CHANNEL_VERIFY_MFA', ...phone };
    return this.http.request({ method: 'POST', path: '/api/v3/send-sms', body, authorization: bearer(mfaToken) });
  }

  /** Finishes with the code {@link sendSms} texted; `phone` as the user typed it, national or E.164 (aal2). */
  verifySms(mfaToken: string, { phone, code }: { phone: string; code: string }): Promise<MfaSignInResult> {
    return this.redeem('/api/v2/applications/mfa/sms/verify', mfaToken, { phone, code });
  }

  /** Mails a code to the user's bound address (shown masked as `data.mfaEmail`). */
  sendEmail(mfaToken: string, email: string): Promise<EnvelopeBase> {
    const body = { channel: 'CHANNEL_VERIFY_MFA', email };
    return this.http.request({ method: 'POST', path: '/api/v3/send-email', body, authorization: bearer(mfaToken) });
  }

  /** Finishes with the code {@link sendEmail} mailed. An email code is low assurance: the session stays aal1. */
  verifyEmail(mfaToken: string, { email, code }: { email: string; code: string }): Promise<MfaSignInResult> {
    return this.redeem('/api/v2/applications/mfa/email/verify', mfaToken, { email, code });
  }

  /**
   * Finishes with the OTP factor's recovery code (aal2). The code is spent; the answer's `recoveryCode` is its
   * replacement, to show the user this once.
   */
  useRecoveryCode(mfaToken: string, recoveryCode: string): Promise<MfaSignInResult> {
    return this.redeem('/api/v2/mfa/totp/recovery', mfaToken, { recoveryCode });
  }

  private async redeem(path: string, mfaToken: string, body: unknown): Promise<MfaSignInResult> {
    const answer = await this.http.request<V2RecoveryEnvelope>({ method: 'POST', path, body, answer: 'v2', authorization: bearer(mfaToken) });
    if (answer.code === 200 && typeof answer.data?.token === 'string') {
      return { ...answer, kind: 'tokens', code: 200, data: answer.data, accessToken: answer.data.token };
    }
    return { ...answer, kind: 'failed' } as MfaSignInFailed;
  }
}

function bearer(mfaToken: string): string {
  return `Bearer ${mfaToken}`;
}
