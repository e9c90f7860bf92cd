import type {
  Envelope,
  EnvelopeBase,
  LoginTokenResponseDataDto,
  MfaRequiredDataDto,
} from '@tessera/contract';

/** apiCodes of the two second-step answers; literals, as the SDK imports only types from the contract. */
const VERIFY_A_FACTOR = 1635;
const BIND_A_FACTOR_FIRST = 1636;

/** A sign-in that is done: `data` holds the tokens (`access_token`, and `refresh_token` with `offline_access`). */
export interface SignedIn extends Envelope<LoginTokenResponseDataDto> {
  readonly kind: 'tokens';
  statusCode: 200;
  data: LoginTokenResponseDataDto;
}

/** What both second-step answers (1635, 1636) carry besides the envelope. */
interface SecondStepPending extends EnvelopeBase {
  statusCode: 499;
  data: MfaRequiredDataDto;
  /** `data.mfaToken`: single use, five minutes; pass it to `client.mfa.*`. */
  readonly mfaToken: string;
}

/**
 * apiCode 1635: the password was right and a second factor is needed. `factors` are the types the user
 * can answer with (bound and enabled by the app), in the app's order; `data.mfaPhone` / `data.mfaEmail`
 * are the masked destinations of the SMS and EMAIL factors.
 */
export interface MfaRequired extends SecondStepPending {
  readonly kind: 'mfa-required';
  apiCode: 1635;
  readonly factors: readonly string[];
}

/**
 * apiCode 1636: the app requires MFA and the user has no factor yet. `factors` are the types the app lets
 * the user bind; bind one with `setAccessToken(mfaToken)` + `sendEnrollFactorRequest` / `enrollFactor`,
 * then finish with the same mfaToken through `client.mfa.*`.
 */
export interface EnrollmentRequired extends SecondStepPending {
  readonly kind: 'enrollment-required';
  apiCode: 1636;
  readonly factors: readonly string[];
}

/** Any other answer: wrong password, locked account, bad input… `statusCode`, `apiCode` and `message` say which. */
export interface SignInFailed extends Envelope<unknown> {
  readonly kind: 'failed';
}

/**
 * The answer of every `signIn…` method: the V3 envelope exactly as the server sent it (so code written for
 * the official SDK keeps reading `statusCode` and `data`), plus a `kind` to switch on.
 *
 * @example
 * ```ts
 * const login = await client.signInByEmailPassword({ email, password });
 * switch (login.kind) {
 *   case 'tokens': client.setAccessToken(login.data.access_token); break;
 *   case 'mfa-required': await client.mfa.verifyTotp(login.mfaToken, totpFromUser); break;
 *   case 'enrollment-required': // bind a factor first, then client.mfa.*
 *   case 'failed': throw new Error(login.message);
 * }
 * ```
 */
export type SignInResult = SignedIn | MfaRequired | EnrollmentRequired | SignInFailed;

/** Reads which of the four outcomes a sign-in envelope is. */
export function toSignInResult(envelope: Envelope<unknown>): SignInResult {
  const data = envelope.data as Partial<LoginTokenResponseDataDto & MfaRequiredDataDto> | undefined;
  if (envelope.statusCode === 200 && typeof data?.access_token === 'string') {
    return { ...envelope, kind: 'tokens' } as SignedIn;
  }
  if (envelope.statusCode === 499 && typeof data?.mfaToken === 'string') {
    const offered = [...(data.applicationMfa ?? [])].sort((a, b) => a.sort - b.sort);
    if (envelope.apiCode === VERIFY_A_FACTOR) {
      const factors = offered.filter((factor) => factor.status === 1).map((factor) => factor.mfaPolicy);
      return { ...envelope, kind: 'mfa-required', mfaToken: data.mfaToken, factors } as MfaRequired;
    }
    if (envelope.apiCode === BIND_A_FACTOR_FIRST) {
      const factors = offered.map((factor) => factor.mfaPolicy);
      return { ...envelope, kind: 'enrollment-required', mfaToken: data.mfaToken, factors } as EnrollmentRequired;
    }
  }
  return { ...envelope, kind: 'failed' };
}
