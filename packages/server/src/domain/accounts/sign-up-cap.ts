import { TesseraError } from '../errors.js';
import type { Clock, RateCounter } from '../ports.js';

const HOUR_MS = 3_600_000;

/**
 * Sign-ups per client IP over a rolling hour, in the shared RateCounter (database or Redis), so every
 * instance counts the same (RL-03). Each sign-up hashes a password with Argon2 and creates an account a
 * bot may use to request codes (SMS pumping), so a flood from one source is cut before either happens.
 * Every request counts, accepted or not: each one may cost a hash.
 */
export function createSignUpCap(deps: { clock: Clock; counter: RateCounter; policy: { maxSignUpsPerIpPerHour: number } }) {
  async function admit(clientIp: string): Promise<void> {
    const now = deps.clock.now();
    const { count, resetsAt } = await deps.counter.increment(`sign-up-ip-hour:${clientIp}`, HOUR_MS, now);
    if (count > deps.policy.maxSignUpsPerIpPerHour) {
      const retryAfterSeconds = Math.max(1, Math.ceil((resetsAt - now) / 1000));
      throw new TesseraError('SIGN_UP_LIMIT_REACHED', { retryAfterSeconds }, { retryAfterSeconds });
    }
  }

  return { admit };
}

export type SignUpCap = ReturnType<typeof createSignUpCap>;
