import { ManagementClient } from '@tessera/sdk';
import { randomBytes } from 'node:crypto';
import { Secret } from 'otpauth';
import { beforeAll, describe, expect, test } from 'vitest';
import { generateTotp } from '../../src/domain/factors/otp/totp.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { challengeFor, verifyTotp } from '../support/mfa.js';
import { createAccessKey, type AccessKey } from '../support/management.js';
import { useTestServer } from '../support/use-test-server.js';

/** @tessera/sdk's ManagementClient (HMAC-SHA1, spec §8, Web Crypto) against a real server. */
const fixture = useTestServer({}, async (server) => {
  // The client signs with the real time; the server's clock must be near it (±15 min).
  server.clock.set(Date.now());
  return { key: await createAccessKey(server, 'tessera-sdk') };
});
const { server } = fixture;
let client: ManagementClient;

beforeAll(() => {
  const key: AccessKey = fixture.key;
  client = new ManagementClient({ accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, host: server.url, lang: 'en-US' });
});

describe('@tessera/sdk ManagementClient', () => {
  test('users: createUser, getUser by email, updateUser, listUsers, deleteUsersBatch', async () => {
    const email = `sdk-mgmt-${randomBytes(3).toString('hex')}@example.com`;
    const created = await client.createUser({ email, externalId: `sdk-${email}`, password: 'a long passphrase' });
    expect(created).toMatchObject({ statusCode: 200, data: { email } });
    const userId = (created.data as { userId: string }).userId;
    expect(await client.getUser({ userId: email.toUpperCase(), userIdType: 'email' })).toMatchObject({ statusCode: 200, data: { userId } });
    expect(await client.updateUser({ userId, nickname: 'Ada' })).toMatchObject({ statusCode: 200, data: { nickname: 'Ada' } });
    const listed = await client.listUsers({ advancedFilter: [{ field: 'email', operator: 'EQUAL', value: email }], options: { pagination: { page: 1, limit: 10 } } });
    expect(listed).toMatchObject({ statusCode: 200, data: { totalCount: 1, list: [{ userId }] } });
    expect(await client.deleteUsersBatch({ userIds: [userId] })).toMatchObject({ statusCode: 200, data: { success: true } });
    expect(await client.getUser({ userId })).toMatchObject({ statusCode: 404 });
  });

  test('importOtp by email: the imported secret passes sign-in MFA; a bad entry is refused alone', async () => {
    const email = `sdk-otp-${randomBytes(3).toString('hex')}@example.com`;
    await client.createUser({ email, password: 'a long passphrase' });
    const secret = randomBytes(20);
    const base32 = new Secret({ buffer: secret.buffer.slice(secret.byteOffset, secret.byteOffset + 20) }).base32;
    const answer = await client.importOtp({ list: [{ userId: email, otp: { secret: base32 } }, { userId: email, otp: { secret: 'not base32!' } }], options: { userIdType: 'email' } });
    expect(answer).toMatchObject({ statusCode: 200, data: { imported: 1, refused: 1, results: [{ imported: true }, { imported: false, reason: 'invalid-secret' }] } });
    expect(await client.getUserMfaInfo({ userId: email, userIdType: 'email' })).toMatchObject({ statusCode: 200, data: { totpStatus: 'enabled' } });
    const mfaToken = await challengeFor(server, email, 'a long passphrase');
    expect((await verifyTotp(server, mfaToken, generateTotp(secret, server.clock.now()))).body.code).toBe(200);
  });

  test('global and app MFA settings round-trip', async () => {
    expect(await client.updateGlobalMfaSettings({ enabledFactors: ['OTP', 'SMS', 'EMAIL'] })).toMatchObject({ statusCode: 200 });
    expect(await client.closeGlobalMfaSettings({ disableFactors: ['SMS'] })).toMatchObject({ statusCode: 200, data: { enabledFactors: ['OTP', 'EMAIL'] } });
    expect(await client.getGlobalMfaSettings()).toMatchObject({ statusCode: 200, data: { enabledFactors: ['OTP', 'EMAIL'] } });
    expect(await client.updateGlobalMfaSettings({ enabledFactors: ['OTP', 'SMS', 'EMAIL'] })).toMatchObject({ statusCode: 200 });
    expect(await client.updateApplicationMfaSettings({ appId: server.appId, enabledFactors: ['OTP'] })).toMatchObject({ statusCode: 200 });
  });

  test('a client holding the wrong secret is refused with apiCode 1300', async () => {
    const forger = new ManagementClient({ accessKeyId: fixture.key.accessKeyId, accessKeySecret: 'not the secret', host: server.url });
    expect(await forger.getGlobalMfaSettings()).toMatchObject({ statusCode: 401, apiCode: 1300 });
  });

  test("Tessera's admin methods: factors, recovery code, unlock, sessions, audit (cursor), deliveries", async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const ref = { userId: user.email, userIdType: 'email' as const };

    const factors = await client.listUserFactors(ref);
    expect(factors).toMatchObject({ statusCode: 200, data: [{ factorType: 'OTP' }] });
    const regenerated = await client.regenerateUserRecoveryCode(ref);
    expect(regenerated.data?.recoveryCode).toMatch(/^[0-9a-f]{4}(-[0-9a-f]{4}){5}$/);
    expect(regenerated.data?.recoveryCode).not.toBe(otp.recoveryCode);
    expect(await client.unlockUser(ref)).toMatchObject({ statusCode: 200, data: { userId: user.userId, unlocked: true } });

    const sessions = await client.listUserSessions(ref);
    expect(sessions.data?.length).toBeGreaterThan(0);
    expect(await client.revokeUserSessions(ref)).toMatchObject({ statusCode: 200, data: { revokedSessions: sessions.data!.length } });
    expect(await client.resetUserFactors({ ...ref, factorId: factors.data![0]!.factorId })).toMatchObject({ statusCode: 200, data: { removedFactorIds: [factors.data![0]!.factorId] } });

    const first = await client.listAuditEvents({ userId: user.userId, limit: 2, from: new Date(0) });
    expect(first.data?.events).toHaveLength(2);
    const next = await client.listAuditEvents({ userId: user.userId, limit: 100, cursor: first.data!.nextCursor! });
    expect(next.data?.events.map((event) => event.type)).toEqual(expect.arrayContaining(['recovery-code.regenerate', 'unlock', 'factor.reset']));
    expect(await client.listDeliveries({ limit: 5 })).toMatchObject({ statusCode: 200, data: expect.any(Array) });
  });
});
