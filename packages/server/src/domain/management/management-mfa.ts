import { Secret } from 'otpauth';
import { FACTOR_TYPES, type FactorType } from '@tessera/contract';
import type { AppService } from '../apps/app-service.js';
import type { AuditTrail, RequestContext } from '../audit/audit-trail.js';
import { TesseraError } from '../errors.js';
import type { FactorRegistry } from '../factors/registry.js';
import type { AppRepository, FactorRecord, FactorRepository, SecretBox, UserDirectory, UserRecord } from '../ports.js';
import type { UserLookup, UserReference } from './user-lookup.js';
import type { UserPool } from './user-pool.js';

/** GenAuth's GetMfaInfoDataDto (spec §7). */
export interface MfaTriggerData {
  mfaToken: string;
  mfaPhone?: string;
  mfaPhoneCountryCode?: string;
  mfaEmail?: string;
  nickname?: string;
  username?: string;
  phone?: string;
  phoneCountryCode?: string;
  faceMfaEnabled?: boolean;
  totpMfaEnabled?: boolean;
  applicationMfa: { mfaPolicy: string; status: number; sort: number }[];
  [field: string]: unknown;
}

/** Where set-mfa-status keeps what it was given: in the user's profile, deleted with the user. */
const TRIGGER_DATA_FIELD = 'mfaTriggerData';

/**
 * The official ManagementClient's MFA methods (spec §7): per-user status, trigger data, app and global
 * factor settings, and the guarded OTP secret export.
 */
export function createManagementMfa(deps: {
  lookup: UserLookup;
  directory: UserDirectory;
  factors: FactorRepository;
  registry: FactorRegistry;
  apps: AppRepository;
  appService: AppService;
  pool: UserPool;
  box: SecretBox;
  audit: AuditTrail;
  clock: { now(): number };
  policy: { allowOtpSecretExport: boolean };
}) {
  const status = (factors: FactorRecord[], type: FactorType) => (factors.some((factor) => factor.type === type) ? 'enabled' : 'disabled');

  async function getUserMfaInfo(reference: UserReference) {
    const user = await deps.lookup.require(reference);
    const factors = await deps.factors.listByUser(user.id);
    return {
      totpStatus: status(factors, 'OTP'),
      faceMfaStatus: status(factors, 'FACE'),
      smsMfaStatus: status(factors, 'SMS'),
      emailMfaStatus: status(factors, 'EMAIL'),
    };
  }

  /** What sign-in would offer this user: bound factors' destinations, and the given app's types. */
  async function describe(user: UserRecord, offered: readonly FactorType[]): Promise<MfaTriggerData> {
    const factors = await deps.factors.listByUser(user.id);
    const sms = factors.find((factor) => factor.type === 'SMS');
    const email = factors.find((factor) => factor.type === 'EMAIL');
    return {
      mfaToken: '',
      ...(sms?.profile.phoneNumber ? { mfaPhone: sms.profile.phoneNumber } : {}),
      ...(sms?.profile.phoneCountryCode ? { mfaPhoneCountryCode: sms.profile.phoneCountryCode } : {}),
      ...(email?.profile.email ? { mfaEmail: email.profile.email } : {}),
      ...(user.username ? { username: user.username } : {}),
      ...(user.phone ? { phone: user.phone } : {}),
      ...(user.phoneCountryCode ? { phoneCountryCode: user.phoneCountryCode } : {}),
      totpMfaEnabled: factors.some((factor) => factor.type === 'OTP'),
      faceMfaEnabled: false,
      applicationMfa: offered.map((type, sort) => ({ mfaPolicy: type, status: 1, sort })),
    };
  }

  async function getMfaStatus(reference: UserReference): Promise<MfaTriggerData> {
    const user = await deps.lookup.require(reference);
    const stored = user.profile[TRIGGER_DATA_FIELD];
    if (stored && typeof stored === 'object') return stored as MfaTriggerData;
    return describe(user, await deps.pool.enabledFactors());
  }

  async function setMfaStatus(reference: UserReference, data: MfaTriggerData, context: RequestContext) {
    const user = await deps.lookup.require(reference);
    await deps.directory.update(user.id, { profile: { ...user.profile, [TRIGGER_DATA_FIELD]: data } }, deps.clock.now());
    await deps.audit.record({ type: 'mfa-settings.update', userId: user.id, via: 'management', context, detail: { what: 'user-mfa-status' } });
    return { success: true };
  }

  async function getMfaTriggerData(appId: string, reference: UserReference): Promise<MfaTriggerData> {
    const app = await deps.apps.findById(appId);
    if (!app) throw new TesseraError('APP_NOT_FOUND');
    return describe(await deps.lookup.require(reference), deps.registry.offeredTypes(app));
  }

  async function updateApplicationMfaSettings(
    input: { appId: string; enabledFactors?: readonly FactorType[]; disabledFactors?: readonly FactorType[] },
    context: RequestContext,
  ) {
    const current = (await deps.appService.list()).find((app) => app.id === input.appId);
    if (!current) throw new TesseraError('APP_NOT_FOUND');
    const enabled = new Set([...current.enabledFactors, ...(input.enabledFactors ?? [])]);
    for (const type of input.disabledFactors ?? []) enabled.delete(type);
    const updated = await deps.appService.updateMfaSettings(input.appId, { enabledFactors: FACTOR_TYPES.filter((type) => enabled.has(type)) });
    await deps.audit.record({ type: 'mfa-settings.update', userId: null, via: 'management', context, detail: { appId: input.appId, enabledFactors: updated.enabledFactors } });
    return { enabledFactors: updated.enabledFactors };
  }

  async function changeGlobal(change: () => Promise<FactorType[]>, context: RequestContext) {
    const enabledFactors = await change();
    await deps.audit.record({ type: 'mfa-settings.update', userId: null, via: 'management', context, detail: { global: true, enabledFactors } });
    return { enabledFactors };
  }

  /** Off unless TESSERA_ALLOW_OTP_SECRET_EXPORT=true; every read and every refusal is audited. */
  async function getOtpSecret(reference: UserReference, context: RequestContext) {
    if (!deps.policy.allowOtpSecretExport) {
      await deps.audit.record({ type: 'otp-secret.export', outcome: 'failed', userId: null, via: 'management', context, detail: { reason: 'disabled' } });
      throw new TesseraError('OTP_SECRET_EXPORT_DISABLED');
    }
    const user = await deps.lookup.require(reference);
    const factor = await deps.factors.findByType(user.id, 'OTP');
    if (!factor?.secretSealed) throw new TesseraError('OTP_FACTOR_NOT_BOUND');
    const secret = deps.box.open(factor.secretSealed, factor.id);
    await deps.audit.record({ type: 'otp-secret.export', outcome: 'ok', userId: user.id, factorType: 'OTP', via: 'management', context });
    return { secret: new Secret({ buffer: secret.buffer.slice(secret.byteOffset, secret.byteOffset + secret.byteLength) as ArrayBuffer }).base32 };
  }

  return {
    getUserMfaInfo,
    getMfaStatus,
    setMfaStatus,
    getMfaTriggerData,
    updateApplicationMfaSettings,
    getGlobalMfaSettings: async () => ({ enabledFactors: await deps.pool.enabledFactors() }),
    updateGlobalMfaSettings: (factors: readonly FactorType[], context: RequestContext) => changeGlobal(() => deps.pool.setEnabledFactors(factors), context),
    disableGlobalMfaSettings: (factors: readonly FactorType[], context: RequestContext) => changeGlobal(() => deps.pool.disableFactors(factors), context),
    getOtpSecret,
  };
}

export type ManagementMfa = ReturnType<typeof createManagementMfa>;
