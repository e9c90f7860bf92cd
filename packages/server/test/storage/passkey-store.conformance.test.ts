import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FactorRecord, PasskeyCredential, PasskeyStore, WebAuthnChallenge } from '../../src/domain/ports.js';
import { DEFAULT_OIDC_CLIENT_SETTINGS } from '../../src/domain/apps/oidc-client-settings.js';
import { insertUser, newId, openSqlHarness, SQL_DIALECTS, type SqlHarness } from '../support/storage-implementations.js';

/**
 * PasskeyStore on every selected SQL dialect: a WebAuthn challenge is consumed exactly once whatever the
 * number of concurrent finishes, the signature counter moves by compare-and-set, a credential id is bound
 * once, and the PASSKEY factor lives exactly as long as one of its passkeys.
 */
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const APP = 'app-1';

describe.each(SQL_DIALECTS)('PasskeyStore on %s', (dialect) => {
  let h: SqlHarness;
  let passkeys: PasskeyStore;
  beforeAll(async () => {
    h = await openSqlHarness(dialect);
    passkeys = h.store.passkeys;
  });
  afterAll(() => h.close());

  async function issued(overrides: Partial<WebAuthnChallenge> = {}): Promise<WebAuthnChallenge> {
    const challenge: WebAuthnChallenge = {
      ticketHash: newId(),
      ceremony: 'sign-in',
      userId: null,
      appId: APP,
      challenge: newId(),
      mfaTokenHash: null,
      expiresAt: NOW + 120_000,
      createdAt: NOW,
      ...overrides,
    };
    await passkeys.insertChallenge(challenge);
    return challenge;
  }

  const factorOf = (userId: string): FactorRecord => ({
    id: newId(),
    userId,
    type: 'PASSKEY',
    profile: {},
    secretSealed: null,
    lastTotpStep: null,
    recoveryCodeHash: null,
    createdAt: NOW,
  });
  const credentialOf = (userId: string, credentialId = newId()): Omit<PasskeyCredential, 'factorId'> => ({
    id: newId(),
    userId,
    credentialId,
    publicKey: 'pQECAyYgASFYIA',
    counter: 0,
    transports: ['internal', 'hybrid'],
    backedUp: false,
    deviceType: 'singleDevice',
    authenticatorCode: 'fingerprint',
    name: 'Laptop',
    rpId: 'localhost',
    counterRegressions: 0,
    flaggedAt: null,
    createdAt: NOW,
    lastUsedAt: null,
  });

  test('a challenge is found only for its app and while alive, and consumed by exactly one of 20 concurrent finishes', async () => {
    const challenge = await issued({ userId: await insertUser(h.store), ceremony: 'mfa', mfaTokenHash: newId() });
    expect(await passkeys.findChallenge(challenge.ticketHash, APP, NOW)).toEqual(challenge);
    expect(await passkeys.findChallenge(challenge.ticketHash, 'another-app', NOW)).toBeUndefined();
    expect(await passkeys.findChallenge(challenge.ticketHash, APP, challenge.expiresAt)).toBeUndefined();
    const wins = await Promise.all(Array.from({ length: 20 }, () => passkeys.consumeChallenge(challenge.ticketHash, NOW)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await passkeys.findChallenge(challenge.ticketHash, APP, NOW)).toBeUndefined();
  });

  test('a challenge expired over an hour ago is swept when another is issued', async () => {
    const old = await issued({ createdAt: NOW - 3 * 3600_000, expiresAt: NOW - 2 * 3600_000 });
    await issued();
    const left = await h.db.selectFrom('webauthn_challenges').select('ticket_hash').where('ticket_hash', '=', old.ticketHash).execute();
    expect(left).toEqual([]);
  });

  test('an expired challenge cannot be consumed', async () => {
    const challenge = await issued();
    expect(await passkeys.consumeChallenge(challenge.ticketHash, challenge.expiresAt)).toBe(false);
  });

  test('the user handle is stored once: a second candidate gets the first', async () => {
    const userId = await insertUser(h.store);
    expect(await passkeys.userHandleOf(userId, 'first-handle')).toBe('first-handle');
    expect(await passkeys.userHandleOf(userId, 'second-handle')).toBe('first-handle');
    expect(await passkeys.userIdByHandle('first-handle')).toBe(userId);
  });

  test('passkeys bind under one PASSKEY factor; a credential id binds once, to anyone', async () => {
    const userId = await insertUser(h.store);
    const first = credentialOf(userId);
    expect(await passkeys.bind(factorOf(userId), first)).toBe('bound');
    expect(await passkeys.bind(factorOf(userId), credentialOf(userId))).toBe('bound');
    const factors = await h.store.factors.listByUser(userId);
    expect(factors.map((factor) => factor.type)).toEqual(['PASSKEY']);
    const listed = await passkeys.listByUser(userId);
    expect(listed.map((credential) => credential.factorId)).toEqual([factors[0]!.id, factors[0]!.id]);
    expect(await passkeys.findByCredentialId(first.credentialId)).toEqual({ ...first, factorId: factors[0]!.id });
    expect(await passkeys.bind(factorOf(await insertUser(h.store)), credentialOf(userId, first.credentialId))).toBe('duplicate');
  });

  test('the counter moves by compare-and-set: of concurrent uses reading the same counter one wins', async () => {
    const userId = await insertUser(h.store);
    const credential = credentialOf(userId);
    await passkeys.bind(factorOf(userId), credential);
    const wins = await Promise.all(Array.from({ length: 10 }, () => passkeys.recordUse(credential.id, 0, { counter: 1, backedUp: true, at: NOW })));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await passkeys.findByCredentialId(credential.credentialId)).toMatchObject({ counter: 1, backedUp: true, lastUsedAt: NOW });
  });

  test('a counter regression is counted, and the first time kept', async () => {
    const userId = await insertUser(h.store);
    const credential = credentialOf(userId);
    await passkeys.bind(factorOf(userId), credential);
    await passkeys.recordCounterRegression(credential.id, NOW);
    await passkeys.recordCounterRegression(credential.id, NOW + 1000);
    expect(await passkeys.findByCredentialId(credential.credentialId)).toMatchObject({ counterRegressions: 2, flaggedAt: NOW });
  });

  test('rename and remove touch only the owner’s passkeys; the factor goes with the last one', async () => {
    const userId = await insertUser(h.store);
    const stranger = await insertUser(h.store);
    const [a, b] = [credentialOf(userId), credentialOf(userId)];
    await passkeys.bind(factorOf(userId), a);
    await passkeys.bind(factorOf(userId), b);
    expect(await passkeys.rename(stranger, a.credentialId, 'mine now')).toBe(false);
    expect(await passkeys.rename(userId, a.credentialId, 'Desk key')).toBe(true);
    expect(await passkeys.remove(stranger, [a.credentialId])).toBe(0);
    expect(await passkeys.remove(userId, [a.credentialId])).toBe(1);
    expect(await h.store.factors.findByType(userId, 'PASSKEY')).toBeDefined();
    expect(await passkeys.remove(userId, 'all')).toBe(1);
    expect(await h.store.factors.findByType(userId, 'PASSKEY')).toBeUndefined();
  });

  test('an app’s relying party is saved and replaced', async () => {
    const { id: appId } = (await h.store.apps.list())[0] ?? { id: newId() };
    const app = { id: appId, name: 'RP', secretHash: 'x', tokenEndpointAuthMethod: 'none' as const, enabledFactors: [], mfaPolicy: 'off' as const, createdAt: NOW, ...DEFAULT_OIDC_CLIENT_SETTINGS };
    if (!(await h.store.apps.findById(appId))) await h.store.apps.insert(app);
    await passkeys.saveSettings({ appId, rpId: 'example.com', origins: ['https://example.com'], attestation: 'none' });
    await passkeys.saveSettings({ appId, rpId: null, origins: null, attestation: 'trusted' });
    expect(await passkeys.settingsOf(appId)).toEqual({ appId, rpId: null, origins: null, attestation: 'trusted' });
  });
});
