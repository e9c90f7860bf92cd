import type { SignInDto, SignUpDto } from '@tessera/contract';
import { generateId, hashOpaqueToken } from '../codes/one-time-codes.js';
import {
  accountLoginKey,
  emailLoginKey,
  newUserRecord,
  parseAccountIdentifiers,
  phoneLoginKey,
  usernameLoginKey,
  type LoginKey,
} from './account-identifiers.js';
import { isTesseraError, TesseraError } from '../errors.js';
import type { AppRecord, Clock, PasswordHasher, Random, UserRecord, UserRepository } from '../ports.js';
import { equalInConstantTime } from '../codes/constant-time.js';
import type { PasswordAttempts } from './password-attempts.js';
import type { SignUpCap } from './sign-up-cap.js';

/** NIST 800-63B §3.1.1.2: at least 8 characters for a user-chosen password. */
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

export interface ClientCredentials {
  clientId?: string | null;
  clientSecret?: string | null;
  /**
   * The sign-in comes from Tessera's own hosted page, a public client that holds no app secret (its token
   * goes to an HttpOnly cookie of the page, never to a script); see docs/decisions.md.
   */
  hostedPage?: boolean;
}

export interface AccountDeps {
  clock: Clock;
  random: Random;
  users: UserRepository;
  passwords: PasswordHasher;
  /** Wrong-password budgets per account + IP and per IP, checked before any hash (password-attempts.ts). */
  attempts: PasswordAttempts;
  /** Sign-ups per client IP (sign-up-cap.ts). */
  signUps: SignUpCap;
}

/** Sign-up and password sign-in (spec §5): only what the MFA module needs, done properly. */
export function createAccountService(deps: AccountDeps) {
  async function signUp(dto: SignUpDto, clientIp: string): Promise<UserRecord> {
    await deps.signUps.admit(clientIp);
    if (dto.connection !== 'PASSWORD' || !dto.passwordPayload) {
      throw new TesseraError('VALIDATION_FAILED', { detail: 'only connection PASSWORD with passwordPayload is supported' });
    }
    const { password } = dto.passwordPayload;
    const email = dto.passwordPayload.email?.trim() || null;
    const username = dto.passwordPayload.username?.trim() || null;
    if (!email && !username) {
      throw new TesseraError('VALIDATION_FAILED', { detail: 'Must contain one of the following fields: username, email' });
    }
    return createUser({ email, username, password, profile: { ...(dto.profile ?? {}) } });
  }

  async function createUser(input: {
    email: string | null;
    username: string | null;
    password: string;
    profile?: Record<string, unknown>;
    /** The user's id in the system it comes from (management `externalId`). */
    externalId?: string | null;
  }): Promise<UserRecord> {
    const profile = Object.fromEntries(Object.entries(input.profile ?? {}).filter(([, value]) => value != null));
    // One key per identifier, unique across accounts (issue 9, item 6); the phone is validated for its key.
    const identifiers = parseAccountIdentifiers({
      email: input.email,
      username: input.username,
      phone: typeof profile.phone === 'string' ? profile.phone : null,
      phoneCountryCode: typeof profile.phoneCountryCode === 'string' ? profile.phoneCountryCode : null,
    });
    assertPasswordAcceptable(input.password);
    const user = newUserRecord({
      id: generateId(deps.random),
      identifiers,
      passwordHash: await deps.passwords.hash(input.password),
      profile,
      externalId: input.externalId?.trim() || null,
      now: deps.clock.now(),
    });
    const result = await deps.users.insert(user, identifiers.keys);
    if (!result.inserted) throw new TesseraError('USER_ALREADY_EXISTS', { field: result.conflict });
    return user;
  }

  /**
   * The first factor of a sign-in: checks client and password; wrong client, unknown account and wrong
   * password all answer BAD_CREDENTIALS after the same password-hash work, so none can be told apart.
   * Whether a second factor follows, and the session and token, are the sign-in service's (domain/sign-in).
   */
  async function authenticatePassword(
    app: AppRecord,
    dto: SignInDto,
    client: ClientCredentials,
    clientIp: string,
  ): Promise<{ user: UserRecord; scope: string }> {
    if (dto.connection !== 'PASSWORD' || !dto.passwordPayload) {
      throw new TesseraError('VALIDATION_FAILED', { detail: 'only connection PASSWORD with passwordPayload is supported' });
    }
    const { password, email, username, phone, account } = dto.passwordPayload;
    if (!email && !username && !phone && !account) {
      throw new TesseraError('VALIDATION_FAILED', { detail: 'Must contain one of the following fields: account, username, phone, email' });
    }
    // RL-01: a throttled attempt is refused here, before any lookup or hash.
    const user = await deps.attempts.throttle({ login: (email || username || phone || account)!, clientIp }, async () => {
      const clientOk = isClientAuthenticated(app, client);
      const found = clientOk ? await findByLogin({ email, username, phone, account }) : undefined;
      if (!found) {
        await deps.passwords.burnVerification(password);
        throw new TesseraError('BAD_CREDENTIALS');
      }
      if (!(await deps.passwords.verify(found.passwordHash, password))) throw new TesseraError('BAD_CREDENTIALS');
      await upgradePasswordHash(found, password);
      return found;
    });
    const scope = dto.options?.scope?.trim() || 'openid profile';
    return { user, scope };
  }

  /**
   * An imported hash (bcrypt, other Argon2 parameters, issue 11) is replaced by Tessera's argon2id on the
   * first right password; a compare-and-set, so concurrent sign-ins write one.
   */
  async function upgradePasswordHash(user: UserRecord, password: string): Promise<void> {
    if (!deps.passwords.needsRehash?.(user.passwordHash)) return;
    let upgraded: string;
    try {
      upgraded = await deps.passwords.hash(password);
    } catch (error) {
      // A busy hasher must not fail a right password: the next sign-in upgrades it.
      if (isTesseraError(error) && error.code === 'SERVICE_BUSY') return;
      throw error;
    }
    await deps.users.replacePasswordHash(user.id, user.passwordHash, upgraded);
  }

  async function findByLogin(login: { email?: string | null; username?: string | null; phone?: string | null; account?: string | null }) {
    const key: LoginKey | undefined = login.email
      ? emailLoginKey(login.email)
      : login.username
        ? usernameLoginKey(login.username)
        : login.phone
          ? phoneLoginKey(login.phone)
          : accountLoginKey(login.account!);
    return key && deps.users.findByLogin(key);
  }

  return { signUp, authenticatePassword, createUser };
}

export type AccountService = ReturnType<typeof createAccountService>;

export function assertPasswordAcceptable(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new TesseraError('WEAK_PASSWORD', { min: MIN_PASSWORD_LENGTH });
  }
}

/**
 * Client authentication per the app's token endpoint auth method (spec §5.2). Presented credentials must
 * always be right. None presented is accepted for `none`, and for `client_secret_basic`, whose Python SDK
 * never sends them (spec §2.2).
 */
function isClientAuthenticated(app: AppRecord, client: ClientCredentials): boolean {
  const presented = Boolean(client.clientId || client.clientSecret);
  if (!presented && client.hostedPage) return true;
  if (!presented) return app.tokenEndpointAuthMethod !== 'client_secret_post';
  if (client.clientId !== app.id || !client.clientSecret) return false;
  return equalInConstantTime(hashOpaqueToken(client.clientSecret), app.secretHash);
}
