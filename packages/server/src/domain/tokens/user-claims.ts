import type { UserRecord } from '../ports.js';
import { hasScope } from './scopes.js';

/**
 * The OIDC standard claims (Core §5.1) of a user, filtered by scope (Core §5.4): `sub` always; `profile`,
 * `email`, `phone` each add their own. Tessera verifies neither addresses nor phones itself.
 */
export function userClaims(user: UserRecord, scope: string): Record<string, unknown> {
  const text = (key: string) => (typeof user.profile[key] === 'string' ? (user.profile[key] as string) : undefined);
  const claims: Record<string, unknown> = { sub: user.id };
  if (hasScope(scope, 'profile')) {
    Object.assign(
      claims,
      definedOnly({
        name: text('name'),
        nickname: text('nickname'),
        preferred_username: user.username ?? undefined,
        picture: text('photo'),
        gender: text('gender'),
        updated_at: Math.floor(user.updatedAt / 1000),
      }),
    );
  }
  if (hasScope(scope, 'email') && user.email) Object.assign(claims, { email: user.email, email_verified: false });
  if (hasScope(scope, 'phone') && user.phone) {
    const phone = user.phone.startsWith('+') || !user.phoneCountryCode ? user.phone : `${user.phoneCountryCode}${user.phone}`;
    Object.assign(claims, { phone_number: phone, phone_number_verified: false });
  }
  return claims;
}

function definedOnly(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
