import type { AssuranceLevel } from '../ports.js';

/** RFC 8176 Authentication Method Reference values. */
export const AMR = {
  password: 'pwd',
  otp: 'otp',
  sms: 'sms',
  email: 'mail',
  multiFactor: 'mfa',
  /** A passkey bound to its authenticator, and one synced between devices. */
  hardwareKey: 'hwk',
  softwareKey: 'swk',
} as const;

/** What proving one factor method shows: its RFC 8176 amr value and the assurance level it reaches. */
export interface Proof {
  amr: string;
  aal: AssuranceLevel;
}

/** The amr after a proof on top of `amr`: the method added once, and `mfa` when aal2 is reached. */
export function amrAfter(amr: readonly string[], proof: Proof): string[] {
  const next = [...amr];
  if (!next.includes(proof.amr)) next.push(proof.amr);
  if (proof.aal !== 'aal1' && !next.includes(AMR.multiFactor)) next.push(AMR.multiFactor);
  return next;
}

/** Assurance never goes down: a session at aal2 (or aal3) stays there whatever is proven next. */
export function aalAfter(current: AssuranceLevel, proof: Proof): AssuranceLevel {
  return AAL_RANK[proof.aal] > AAL_RANK[current] ? proof.aal : current;
}

const AAL_RANK: Record<AssuranceLevel, number> = { aal1: 1, aal2: 2, aal3: 3 };
