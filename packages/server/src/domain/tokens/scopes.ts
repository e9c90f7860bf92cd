/** Space-separated OAuth scopes (RFC 6749 §3.3). */

export function scopesOf(scope: string): string[] {
  return [...new Set(scope.split(' ').filter(Boolean))];
}

export function hasScope(scope: string, wanted: string): boolean {
  return scopesOf(scope).includes(wanted);
}

/** A refresh may narrow the scope it was granted, never widen it (RFC 6749 §6). */
export function isNarrowing(requested: string, granted: string): boolean {
  const allowed = new Set(scopesOf(granted));
  return scopesOf(requested).every((scope) => allowed.has(scope));
}
