import type { FactorType } from '@tessera/contract';

/** The records the domain reads and writes, independent of how they are stored. */

export type TokenEndpointAuthMethod = 'client_secret_post' | 'client_secret_basic' | 'none';

export interface AppRecord {
  id: string;
  name: string;
  secretHash: string;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  enabledFactors: FactorType[];
  /** Whether sign-in asks for a second factor (docs/mfa-sign-in.md). */
  mfaPolicy: MfaPolicy;
  createdAt: number;
}

/** off: never; if-enrolled: when the user has a factor the app offers; required: always (bind first). */
export type MfaPolicy = 'off' | 'if-enrolled' | 'required';

export interface UserRecord {
  id: string;
  email: string | null;
  username: string | null;
  phone: string | null;
  phoneCountryCode: string | null;
  passwordHash: string;
  profile: Record<string, unknown>;
  loginsCount: number;
  lastLoginAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface FactorContact {
  phoneNumber?: string;
  phoneCountryCode?: string;
  email?: string;
}

export interface FactorRecord {
  id: string;
  userId: string;
  type: FactorType;
  profile: FactorContact;
  /** OTP only: the sealed TOTP secret (associated data: the factor id). */
  secretSealed: string | null;
  /** OTP only: the last time step accepted, for replay protection (RFC 6238 §5.2). */
  lastTotpStep: number | null;
  /** OTP only: hash of the recovery code shown at enrollment. */
  recoveryCodeHash: string | null;
  createdAt: number;
}

export interface PendingEnrollment {
  tokenHash: string;
  factorId: string;
  userId: string;
  appId: string;
  factorType: FactorType;
  profile: FactorContact;
  secretSealed: string | null;
  codeHash: string | null;
  recoveryCodeHash: string | null;
  attempts: number;
  expiresAt: number;
  createdAt: number;
}
