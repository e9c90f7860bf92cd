import type { UserDto } from '@tessera/contract';
import type { UserRecord } from '../../domain/ports.js';

/** GenAuth's UserDto of a user record (V3 sign-up, V2 sign-in answers): never the password hash. */
export function toUserDto(user: UserRecord): UserDto {
  const profile = user.profile;
  const text = (key: string) => (typeof profile[key] === 'string' ? (profile[key] as string) : undefined);
  const gender = text('gender');
  return {
    userId: user.id,
    createdAt: new Date(user.createdAt).toISOString(),
    updatedAt: new Date(user.updatedAt).toISOString(),
    status: 'Activated',
    workStatus: 'Active',
    gender: gender === 'M' || gender === 'F' ? gender : 'U',
    emailVerified: false,
    phoneVerified: false,
    userSourceType: 'register',
    ...(user.email ? { email: user.email } : {}),
    ...(user.username ? { username: user.username } : {}),
    ...(user.phone ? { phone: user.phone } : {}),
    ...(user.phoneCountryCode ? { phoneCountryCode: user.phoneCountryCode } : {}),
    ...(text('nickname') ? { nickname: text('nickname') } : {}),
    ...(text('name') ? { name: text('name') } : {}),
    ...(text('photo') ? { photo: text('photo') } : {}),
    loginsCount: user.loginsCount,
    ...(user.lastLoginAt ? { lastLogin: new Date(user.lastLoginAt).toISOString() } : {}),
  };
}
