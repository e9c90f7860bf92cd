/**
 * The better-auth peer's scenarios: its get-session and its two-factor verify-totp beside Tessera's
 * get-factor and mfa-totp-verify, through the same driver and connections (run.ts, `--peers`).
 */
import { Secret } from 'otpauth';
import { generateTotp } from '../../packages/server/src/domain/factors/otp/totp.js';
import type { BenchRequest } from '../drivers.js';

const PASSWORD = 'bench-password-not-secret';

interface PeerUser {
  cookie: string;
  secret: Uint8Array;
}

/** Signs up `count` users over HTTP, each with TOTP enabled and verified: what the load rotates over. */
export async function betterAuthUsers(base: string, count: number): Promise<PeerUser[]> {
  const users: PeerUser[] = [];
  const runId = Date.now().toString(36);
  for (let i = 0; i < count; i += 1) {
    // A cookie jar: enabling 2FA replaces the session cookie, and the newest value of a name wins.
    const jar = new Map<string, string>();
    const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const post = async (path: string, body: unknown) => {
      const response = await fetch(new URL(path, base), {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base, ...(jar.size ? { cookie: cookie() } : {}) },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`better-auth ${path}: ${response.status} ${text}`);
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair!.indexOf('=');
        jar.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
      return JSON.parse(text);
    };
    await post('/api/auth/sign-up/email', { email: `peer-${runId}-${i}@bench.test`, password: PASSWORD, name: `peer ${i}` });
    const enabled = await post('/api/auth/two-factor/enable', { password: PASSWORD });
    const secret = new Uint8Array(Secret.fromBase32(new URL(enabled.totpURI as string).searchParams.get('secret')!).bytes);
    await post('/api/auth/two-factor/verify-totp', { code: generateTotp(secret, Date.now()) });
    users.push({ cookie: cookie(), secret });
  }
  return users;
}

export function getSessionRequests(base: string, users: PeerUser[]): BenchRequest[] {
  return users.map((user) => ({ method: 'GET', path: '/api/auth/get-session', headers: { cookie: user.cookie, origin: base } }));
}

export function verifyTotpRequests(base: string, users: PeerUser[]): BenchRequest[] {
  const now = Date.now();
  return users.map((user) => ({
    method: 'POST',
    path: '/api/auth/two-factor/verify-totp',
    headers: { cookie: user.cookie, origin: base, 'content-type': 'application/json' },
    body: JSON.stringify({ code: generateTotp(user.secret, now) }),
  }));
}
