import { ManagementClient } from 'authing-node-sdk';
import { Secret } from 'otpauth';
import { beforeAll, describe, expect, test } from 'vitest';
import { FACTOR_TYPES } from '@tessera/contract';
import { generateTotp } from '../../src/domain/factors/otp/totp.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { challengeFor, verifyTotp } from '../support/mfa.js';
import { enrollOtp } from '../support/factors.js';
import { createAccessKey, type AccessKey } from '../support/management.js';
import { useTestServer } from '../support/use-test-server.js';

/** The official authing-node-sdk@4.0.1 ManagementClient (HMAC-SHA1 signature, spec §8) drives the management API. */
const fixture = useTestServer({ config: { allowOtpSecretExport: true } }, async (server) => {
  // The SDK signs with the real time; the server's clock must be near it (±15 min).
  server.clock.set(Date.now());
  return { key: await createAccessKey(server) };
});
const { server } = fixture;
let client: ManagementClient;

beforeAll(() => {
  const key: AccessKey = fixture.key;
  client = new ManagementClient({ accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, host: server.url, lang: 'en-US' });
});

describe('official ManagementClient: users', () => {
  test('createUser, getUser by every userIdType, updateUser, listUsers by email, deleteUsersBatch', async () => {
    const created = await client.createUser({ email: 'mgmt-alice@example.com', username: 'mgmt-alice', phone: '13800138001', externalId: 'legacy-1', nickname: 'Alice', password: 'a long passphrase' });
    expect(created).toMatchObject({ statusCode: 200, data: { email: 'mgmt-alice@example.com', username: 'mgmt-alice', externalId: 'legacy-1', nickname: 'Alice' } });
    const userId = created.data.userId;
    for (const [value, userIdType] of [
      [userId, 'user_id'],
      ['MGMT-alice@example.com', 'email'],
      ['+8613800138001', 'phone'],
      ['mgmt-alice', 'username'],
      ['legacy-1', 'external_id'],
    ] as const) {
      expect(await client.getUser({ userId: value, userIdType }), userIdType).toMatchObject({ statusCode: 200, data: { userId } });
    }
    expect(await client.getUser({ userId: 'x', userIdType: 'identity' })).toMatchObject({ statusCode: 400, apiCode: 46001 });
    expect(await client.getUser({ userId: 'nobody' })).toMatchObject({ statusCode: 404, apiCode: 2004 });

    expect(await client.updateUser({ userId, nickname: 'Al', email: 'mgmt-al@example.com' })).toMatchObject({ statusCode: 200, data: { nickname: 'Al', email: 'mgmt-al@example.com' } });
    const listed = await client.listUsers({ advancedFilter: [{ field: 'email', operator: 'EQUAL' as never, value: 'mgmt-al@example.com' }], options: { pagination: { page: 1, limit: 10 } } });
    expect(listed).toMatchObject({ statusCode: 200, data: { totalCount: 1, list: [{ userId }] } });

    expect(await client.deleteUsersBatch({ userIds: ['legacy-1'], options: { userIdType: 'external_id' as never } })).toMatchObject({ statusCode: 200, data: { success: true } });
    expect(await client.getUser({ userId })).toMatchObject({ statusCode: 404 });
  });

  test('a duplicate email is a 409, not a 500', async () => {
    await client.createUser({ email: 'mgmt-dup@example.com' });
    expect(await client.createUser({ email: 'mgmt-dup@example.com' })).toMatchObject({ statusCode: 409, apiCode: 46020 });
  });
});

describe('official ManagementClient: migration in', () => {
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  const codeNow = () => generateTotp(new Uint8Array(Secret.fromBase32(secret).bytes), server.clock.now());

  test('createUser with otp: the user signs in with a code of the imported secret', async () => {
    const password = 'a long passphrase';
    const created = await client.createUser({ email: 'mgmt-otp-import@example.com', password, otp: { secret } });
    expect(created).toMatchObject({ statusCode: 200 });
    expect(await client.getUserMfaInfo({ userId: created.data.userId })).toMatchObject({ data: { totpStatus: 'enabled' } });
    const mfaToken = await challengeFor(server, 'mgmt-otp-import@example.com', password);
    expect((await verifyTotp(server, mfaToken, codeNow())).body).toMatchObject({ code: 200 });
  });

  test('createUser with a bad otp secret creates nobody', async () => {
    const answer = await client.createUser({ email: 'mgmt-bad-otp@example.com', otp: { secret: 'not base32!' } });
    expect(answer).toMatchObject({ statusCode: 400 });
    expect(await client.getUser({ userId: 'mgmt-bad-otp@example.com', userIdType: 'email' })).toMatchObject({ statusCode: 404 });
  });

  test('importOtp: each entry succeeds or fails on its own, and the answer says which and why', async () => {
    const fresh = await client.createUser({ email: 'mgmt-import-1@example.com' });
    const answer = await client.importOtp({
      list: [
        { userId: fresh.data.userId, otp: { secret } },
        { userId: 'nobody-at-all', otp: { secret } },
        { userId: fresh.data.userId, otp: { secret } },
      ],
    });
    expect(answer).toMatchObject({ statusCode: 200 });
    expect((answer as unknown as { data: { results: unknown[] } }).data.results).toMatchObject([
      { index: 0, imported: true },
      { index: 1, imported: false, reason: 'unknown-user' },
      { index: 2, imported: false, reason: 'already-bound' },
    ]);
  });
});

describe('official ManagementClient: MFA methods (spec §7)', () => {
  test('getUserMfaInfo, getUserMfaStatus, setUsersMfaStatus, getMfaTriggerData, getOtpSecretByUser on a user with OTP', async () => {
    const user = await signUpAndSignIn(server, 'mgmt-otp@example.com');
    const { secret } = await enrollOtp(server, user.token);
    expect(await client.getUserMfaInfo({ userId: user.userId })).toMatchObject({
      statusCode: 200,
      data: { totpStatus: 'enabled', smsMfaStatus: 'disabled', emailMfaStatus: 'disabled', faceMfaStatus: 'disabled' },
    });
    expect(await client.getUserMfaStatus({ userId: 'mgmt-otp@example.com', userIdType: 'email' })).toMatchObject({ statusCode: 200, data: { totpMfaEnabled: true } });
    const trigger = await client.getMfaTriggerData({ appId: server.appId, userId: user.userId });
    expect(trigger).toMatchObject({ statusCode: 200, data: { totpMfaEnabled: true } });
    expect(trigger.data.applicationMfa.map((entry: { mfaPolicy: string }) => entry.mfaPolicy)).toContain('OTP');

    const stored = { mfaToken: 'x', applicationMfa: [{ mfaPolicy: 'OTP', status: 1, sort: 0 }] };
    expect(await client.setUsersMfaStatus({ userId: user.userId, mfaTriggerData: stored as never })).toMatchObject({ statusCode: 200, data: { success: true } });
    expect(await client.getUserMfaStatus({ userId: user.userId })).toMatchObject({ statusCode: 200, data: stored });

    const exported = await client.getOtpSecretByUser({ userId: user.userId });
    expect(exported).toMatchObject({ statusCode: 200 });
    expect(generateTotp(new Uint8Array(Secret.fromBase32(exported.data.secret).bytes), server.clock.now())).toBe(generateTotp(secret, server.clock.now()));
  });

  test('application and global factor settings: a type is offered when enabled globally and for the app', async () => {
    const updated = await client.updateApplicationMfaSettings({ appId: server.appId, enabledFactors: ['OTP', 'SMS', 'EMAIL'] as never, disabledFactors: ['EMAIL'] as never });
    expect(updated).toMatchObject({ statusCode: 200, data: { enabledFactors: ['OTP', 'SMS'] } });
    expect(await client.getGlobalMfaSettings()).toMatchObject({ statusCode: 200, data: { enabledFactors: [...FACTOR_TYPES] } });
    expect(await client.closeGlobalMfaSettings({ disableFactors: ['SMS'] as never })).toMatchObject({ data: { enabledFactors: FACTOR_TYPES.filter((type) => type !== 'SMS') } });

    const user = await signUpAndSignIn(server, 'mgmt-global@example.com');
    const offered = await fetch(new URL('/api/v3/list-factors-to-enroll', server.url), { headers: { 'x-authing-app-id': server.appId, authorization: user.token } });
    expect(((await offered.json()) as { data: { factorType: string }[] }).data.map((entry) => entry.factorType)).toEqual(['OTP']);

    expect(await client.updateGlobalMfaSettings({ enabledFactors: [...FACTOR_TYPES] as never })).toMatchObject({ data: { enabledFactors: [...FACTOR_TYPES] } });
    await client.updateApplicationMfaSettings({ appId: server.appId, enabledFactors: ['EMAIL'] as never });
  });
});
