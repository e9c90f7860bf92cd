import type { CodeChannel } from '../ports.js';

/**
 * What the delivery log keeps of an address: enough for an operator to recognise it and to spot a run on
 * one number range, not enough to contact the person.
 *
 * @example maskDestination('sms', '+8613800138000') // '+86138****8000'
 * @example maskDestination('email', 'codes@example.com') // 'c***s@example.com'
 */
export function maskDestination(channel: CodeChannel, to: string): string {
  if (channel === 'email') {
    const at = to.lastIndexOf('@');
    const local = to.slice(0, at);
    const masked = local.length <= 2 ? `${local.slice(0, 1)}***` : `${local.slice(0, 1)}***${local.slice(-1)}`;
    return `${masked}${to.slice(at)}`;
  }
  // E.164: the country code and the operator prefix stay, and the last four digits.
  if (to.length < 11) return `${'*'.repeat(Math.max(0, to.length - 2))}${to.slice(-2)}`;
  return `${to.slice(0, 6)}${'*'.repeat(to.length - 10)}${to.slice(-4)}`;
}
