/**
 * One canonical form per identifier, for matching, caps and uniqueness; never for display or delivery,
 * which keep what the user typed. Two spellings a person cannot tell apart must meet in one key, or each
 * is a new account to squat and a new destination to flood (issue 9, items 4 and 6).
 */

/**
 * NFKC, then case folding, then NFKC again (Unicode's NFKC_Casefold, approximated): full-width `ａ` and
 * `a`, `ALICE` and `alice`, `ß` and `ss` meet. JavaScript has no case fold; upper- then lower-casing
 * folds what lower-casing alone leaves apart (ß → SS → ss, final ς → Σ → σ).
 */
export function canonicalText(input: string): string {
  return input.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}

/**
 * Characters that change what an identifier looks like, or show nothing: controls (Cc), format characters
 * (Cf: zero-width space and joiners, bidi embeddings, overrides and isolates, the BOM), every default-
 * ignorable code point (Hangul fillers, variation selectors), line and paragraph separators, and lone
 * surrogates. `alice` + U+200B would otherwise be a second `alice`.
 */
const INVISIBLE_OR_CONTROL = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;

export function hasInvisibleOrControlCharacters(input: string): boolean {
  return INVISIBLE_OR_CONTROL.test(input);
}
