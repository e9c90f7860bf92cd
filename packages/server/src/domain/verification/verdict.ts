/**
 * What comparing an answer concluded. `replayed`: the right answer, already spent — answered exactly like
 * `failed` (RPL-05), but audited apart.
 */
export type Verdict<T> = { outcome: 'ok'; value: T } | { outcome: 'failed' } | { outcome: 'replayed' };

export const FAILED = Object.freeze({ outcome: 'failed' as const });
export const REPLAYED = Object.freeze({ outcome: 'replayed' as const });
