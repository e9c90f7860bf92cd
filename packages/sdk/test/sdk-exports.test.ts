/**
 * The public surface of @tessera/sdk. An export added or removed here is an API change, so it must
 * be a deliberate edit of this file; and each client method must exist, with the same arity, on the
 * official SDK's AuthenticationClient, so GenAuth code calling it ports unchanged.
 */
import { describe, expect, test } from 'vitest';
import * as sdk from '@tessera/sdk';
import { AuthenticationClient as OfficialAuthenticationClient, ManagementClient as OfficialManagementClient } from 'authing-node-sdk';

const CLIENT_METHODS = [
  'setAccessToken',
  'signUp',
  'signUpByEmailPassword',
  'signUpByUsernamePassword',
  'signInByCredentials',
  'signInByEmailPassword',
  'signInByUsernamePassword',
  'signInByPhonePassword',
  'signInByAccountPassword',
  'sendEnrollFactorRequest',
  'enrollFactor',
  'resetFactor',
  'listEnrolledFactors',
  'getFactor',
  'listFactorsToEnroll',
  'mfaOtpVerify',
  'sendSms',
  'sendEmail',
  'verifyMfaToken',
  'getProfile',
  'getSecurityLevel',
  'buildLogoutUrl',
] as const;

/** The official ManagementClient's methods that Tessera's ManagementClient has (spec §7 and the user basics). */
const MANAGEMENT_METHODS = [
  'getUserMfaInfo',
  'setUsersMfaStatus',
  'getUserMfaStatus',
  'getMfaTriggerData',
  'updateApplicationMfaSettings',
  'getGlobalMfaSettings',
  'updateGlobalMfaSettings',
  'closeGlobalMfaSettings',
  'getOtpSecretByUser',
  'importOtp',
  'createUser',
  'getUser',
  'listUsers',
  'updateUser',
  'deleteUsersBatch',
] as const;

/** Tessera's own admin endpoints on the ManagementClient (/api/v3/tessera/*). */
const TESSERA_ONLY_MANAGEMENT_METHODS = [
  'listUserFactors',
  'resetUserFactors',
  'unlockUser',
  'regenerateUserRecoveryCode',
  'listUserSessions',
  'revokeUserSessions',
  'listAuditEvents',
  'listDeliveries',
  'addWebhook',
  'listWebhooks',
  'removeWebhook',
  'listWebhookDeliveries',
] as const;

/** Tessera's own methods, beyond the official SDK's (documented as such in their JSDoc). */
const TESSERA_ONLY_METHODS = ['regenerateRecoveryCode', 'refresh', 'revoke', 'logout'] as const;

describe('@tessera/sdk exports', () => {
  test('runtime exports are exactly the clients, the MFA guard, the error and its code list', () => {
    expect(Object.keys(sdk).sort()).toEqual([
      'AuthenticationClient',
      'ManagementClient',
      'MfaAuthenticationClient',
      'TESSERA_REQUEST_ERROR_CODES',
      'TesseraRequestError',
      'isMfaRequired',
    ]);
  });

  test('TESSERA_REQUEST_ERROR_CODES lists the transport failures', () => {
    expect(sdk.TESSERA_REQUEST_ERROR_CODES).toEqual(['NETWORK_ERROR', 'TIMEOUT', 'INVALID_BODY']);
  });

  test('TesseraRequestError is an Error carrying code, method, url and status', () => {
    const error = new sdk.TesseraRequestError('boom', { code: 'TIMEOUT', method: 'GET', url: 'http://x/y', status: 504 });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'TesseraRequestError', message: 'boom', code: 'TIMEOUT', method: 'GET', url: 'http://x/y', status: 504 });
  });

  test('the client has exactly the implemented methods', () => {
    const own = Object.getOwnPropertyNames(sdk.AuthenticationClient.prototype).filter((name) => name !== 'constructor');
    expect(own.sort()).toEqual([...CLIENT_METHODS, ...TESSERA_ONLY_METHODS].sort());
  });

  test('the management client has exactly the implemented methods', () => {
    const own = Object.getOwnPropertyNames(sdk.ManagementClient.prototype).filter((name) => name !== 'constructor');
    expect(own.sort()).toEqual([...MANAGEMENT_METHODS, ...TESSERA_ONLY_MANAGEMENT_METHODS].sort());
  });

  const pairs = [
    ...CLIENT_METHODS.map((name) => ['AuthenticationClient', name, OfficialAuthenticationClient, sdk.AuthenticationClient] as const),
    ...MANAGEMENT_METHODS.map((name) => ['ManagementClient', name, OfficialManagementClient, sdk.ManagementClient] as const),
  ];
  test.each(pairs)('%s.%s exists on the official client with the same arity', (_client, name, Official, Ours) => {
    const official: unknown = (Official.prototype as unknown as Record<string, unknown>)[name];
    const ours: unknown = (Ours.prototype as unknown as Record<string, unknown>)[name];
    expect(typeof official).toBe('function');
    expect(typeof ours).toBe('function');
    expect((ours as (...args: unknown[]) => unknown).length).toBe((official as (...args: unknown[]) => unknown).length);
  });
});
