import { api, type ApiAnswer } from './api.js';
import type { TestServer } from './test-server.js';

/** Signs in with a password on an app that asks for MFA: returns the whole 1635/1636 answer. */
export async function signInExpectingChallenge(server: TestServer, email: string, password: string, app?: { appId: string; appSecret: string }) {
  const answer = await api(server, 'POST', '/api/v3/signin', {
    ...(app ? { appId: app.appId } : {}),
    body: {
      connection: 'PASSWORD',
      passwordPayload: { email, password },
      client_id: app?.appId ?? server.appId,
      client_secret: app?.appSecret ?? server.appSecret,
    },
  });
  if (answer.body.statusCode !== 499) throw new Error(`expected an MFA challenge: ${JSON.stringify(answer.body)}`);
  return answer;
}

/** The mfaToken of a fresh challenge. */
export async function challengeFor(server: TestServer, email: string, password: string, app?: { appId: string; appSecret: string }): Promise<string> {
  return (await signInExpectingChallenge(server, email, password, app)).body.data.mfaToken as string;
}

/** One V2 redemption call with `authorization: Bearer <mfaToken>`. */
export function redeem(server: TestServer, path: string, mfaToken: string, body: unknown, appId?: string): Promise<ApiAnswer> {
  return api(server, 'POST', path, { token: `Bearer ${mfaToken}`, body, ...(appId ? { appId } : {}) });
}

export const verifyTotp = (server: TestServer, mfaToken: string, totp: string) => redeem(server, '/api/v2/mfa/totp/verify', mfaToken, { totp });
export const verifyRecovery = (server: TestServer, mfaToken: string, recoveryCode: string) =>
  redeem(server, '/api/v2/mfa/totp/recovery', mfaToken, { recoveryCode });

/** A second session of a user with OTP, opened through MFA with the recovery code; returns token and the new code. */
export async function signInWithRecoveryCode(server: TestServer, email: string, password: string, recoveryCode: string) {
  const mfaToken = await challengeFor(server, email, password);
  const answer = await verifyRecovery(server, mfaToken, recoveryCode);
  if (answer.body.code !== 200) throw new Error(`recovery sign-in failed: ${JSON.stringify(answer.body)}`);
  return { token: answer.body.data.token as string, recoveryCode: answer.body.recoveryCode as string };
}

/** The payload of a JWT, unverified (tests read amr, acr, sid). */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}
