import type { FactorRecord } from './factors.js';

/** Passkeys (WebAuthn credentials), the ceremonies that make and use them, and each app's relying party. */

/** One passkey. Its public key is public by nature, but it never leaves the server either. */
export interface PasskeyCredential {
  id: string;
  /** The user's PASSKEY factor: every passkey of a user hangs from it (reset-factor removes them all). */
  factorId: string;
  userId: string;
  /** base64url credential id, unique across users. */
  credentialId: string;
  /** base64url COSE public key. */
  publicKey: string;
  /** The last signature counter accepted. */
  counter: number;
  transports: string[];
  /** A synced passkey (multi-device) or one bound to its authenticator. */
  backedUp: boolean;
  deviceType: 'singleDevice' | 'multiDevice';
  /** fingerprint | face | other, as the client said when it was registered. */
  authenticatorCode: string | null;
  name: string;
  /** The RP id it was made for. */
  rpId: string;
  /** How many times a signature counter went backwards (a cloned authenticator?), and when first. */
  counterRegressions: number;
  flaggedAt: number | null;
  createdAt: number;
  lastUsedAt: number | null;
}

/** register: binding a passkey in a session; sign-in: passwordless; mfa: the second step of a sign-in. */
export type WebAuthnCeremony = 'register' | 'sign-in' | 'mfa';

/** A challenge handed to the browser, kept server-side under the hash of its ticket (single use). */
export interface WebAuthnChallenge {
  ticketHash: string;
  ceremony: WebAuthnCeremony;
  /** Whose ceremony it is; null for a passwordless sign-in (the passkey says who). */
  userId: string | null;
  appId: string;
  /** base64url challenge the authenticator signs. */
  challenge: string;
  /** mfa only: the sign-in challenge (mfaToken hash) it answers. */
  mfaTokenHash: string | null;
  expiresAt: number;
  createdAt: number;
}

/** An app's relying party; null fields take the deployment's defaults (TESSERA_PUBLIC_URL). */
export interface WebAuthnAppSettings {
  appId: string;
  rpId: string | null;
  origins: string[] | null;
  /** 'none' (default): any attestation, none verified; 'trusted': only a verified attestation format. */
  attestation: 'none' | 'trusted';
}

export interface PasskeyStore {
  /** The user's random WebAuthn user handle: the stored one, else `candidate` once stored (one per user). */
  userHandleOf(userId: string, candidate: string): Promise<string>;
  /** The user whose handle this is. */
  userIdByHandle(handle: string): Promise<string | undefined>;

  insertChallenge(challenge: WebAuthnChallenge): Promise<void>;
  /** An unconsumed, unexpired challenge of this app. Spends nothing. */
  findChallenge(ticketHash: string, appId: string, now: number): Promise<WebAuthnChallenge | undefined>;
  /** Single use: marks it consumed only if still unconsumed and unexpired; exactly one caller gets true. */
  consumeChallenge(ticketHash: string, now: number): Promise<boolean>;

  /**
   * In one transaction: creates the user's PASSKEY factor (`factor`) unless one exists, and adds the
   * passkey to it. 'duplicate' when the credential id is already registered (to anyone).
   */
  bind(factor: FactorRecord, credential: Omit<PasskeyCredential, 'factorId'>): Promise<'bound' | 'duplicate'>;
  listByUser(userId: string): Promise<PasskeyCredential[]>;
  findByCredentialId(credentialId: string): Promise<PasskeyCredential | undefined>;
  /** Compare-and-set of the counter (with last use and backup state); true for exactly one of racing uses. */
  recordUse(id: string, expectedCounter: number, use: { counter: number; backedUp: boolean; at: number }): Promise<boolean>;
  /** Records a counter that went backwards; the passkey stays flagged. */
  recordCounterRegression(id: string, at: number): Promise<void>;
  rename(userId: string, credentialId: string, name: string): Promise<boolean>;
  /** Removes the user's passkeys (those named, else all); the PASSKEY factor goes with the last one. */
  remove(userId: string, credentialIds: readonly string[] | 'all'): Promise<number>;

  settingsOf(appId: string): Promise<WebAuthnAppSettings | undefined>;
  saveSettings(settings: WebAuthnAppSettings): Promise<void>;
}
