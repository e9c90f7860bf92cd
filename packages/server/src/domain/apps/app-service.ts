import { FACTOR_TYPES, type FactorType } from '@tessera/contract';
import { generateId, generateOpaqueToken, hashOpaqueToken } from '../codes/one-time-codes.js';
import { TesseraError } from '../errors.js';
import type { AppRepository, AppRecord, Clock, MfaPolicy, OidcClientSettings, Random, TokenEndpointAuthMethod } from '../ports.js';
import { assertOidcClientSettings, DEFAULT_OIDC_CLIENT_SETTINGS } from './oidc-client-settings.js';

export const DEFAULT_ENABLED_FACTORS: readonly FactorType[] = ['OTP', 'SMS', 'EMAIL'];
export const MFA_POLICIES: readonly MfaPolicy[] = ['off', 'if-enrolled', 'required'];
/** Ask for a second factor whenever the user has bound one the app offers. */
export const DEFAULT_MFA_POLICY: MfaPolicy = 'if-enrolled';

/** BIO-01: face is never the only second factor an app offers. */
function assertFaceNotAlone(enabledFactors: readonly FactorType[] | undefined): void {
  if (enabledFactors?.includes('FACE') && enabledFactors.every((type) => type === 'FACE')) {
    throw new TesseraError('VALIDATION_FAILED', { detail: 'FACE cannot be the only factor type an app enables; add OTP, SMS or EMAIL (BIO-01)' });
  }
}

/** Applications: who may call the API (x-authing-app-id) and which factor types they offer. */
export function createAppService(deps: { clock: Clock; random: Random; apps: AppRepository }) {
  /** Creates an app; the secret is returned this once and stored only as a hash. */
  async function create(input: {
    name: string;
    enabledFactors?: readonly FactorType[];
    tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
    mfaPolicy?: MfaPolicy;
  } & OidcClientSettings): Promise<{ app: AppRecord; appSecret: string }> {
    assertFaceNotAlone(input.enabledFactors);
    const name = input.name.trim();
    if (!name || name.length > 100) throw new TesseraError('VALIDATION_FAILED', { detail: 'app name must be 1-100 characters' });
    const appSecret = generateOpaqueToken(deps.random);
    const app: AppRecord = {
      id: generateId(deps.random),
      name,
      secretHash: hashOpaqueToken(appSecret),
      tokenEndpointAuthMethod: input.tokenEndpointAuthMethod ?? 'client_secret_post',
      enabledFactors: [...new Set(input.enabledFactors ?? DEFAULT_ENABLED_FACTORS)],
      mfaPolicy: input.mfaPolicy ?? DEFAULT_MFA_POLICY,
      createdAt: deps.clock.now(),
      ...DEFAULT_OIDC_CLIENT_SETTINGS,
      ...assertOidcClientSettings(input),
    };
    await deps.apps.insert(app);
    return { app, appSecret };
  }

  /** Changes an app's MFA policy and/or enabled factor types. */
  async function updateMfaSettings(appId: string, changes: { mfaPolicy?: string; enabledFactors?: readonly FactorType[] }): Promise<AppRecord> {
    if (changes.mfaPolicy !== undefined && !(MFA_POLICIES as readonly string[]).includes(changes.mfaPolicy)) {
      throw new TesseraError('VALIDATION_FAILED', { detail: `mfa policy must be one of ${MFA_POLICIES.join(', ')}` });
    }
    assertFaceNotAlone(changes.enabledFactors);
    const app = await deps.apps.updateMfaSettings(appId, {
      ...(changes.mfaPolicy ? { mfaPolicy: changes.mfaPolicy as MfaPolicy } : {}),
      ...(changes.enabledFactors ? { enabledFactors: [...new Set(changes.enabledFactors)] } : {}),
    });
    if (!app) throw new TesseraError('APP_NOT_FOUND');
    return app;
  }

  /** Changes an app's OIDC client settings (redirect URIs, client authentication, token lifetimes). */
  async function updateOidcSettings(appId: string, changes: OidcClientSettings): Promise<AppRecord> {
    const app = await deps.apps.updateOidcSettings(appId, assertOidcClientSettings(changes));
    if (!app) throw new TesseraError('APP_NOT_FOUND');
    return app;
  }

  /** Creates the default app on first start with an empty database; its credentials are shown once. */
  async function ensureOne(name: string): Promise<{ app: AppRecord; appSecret: string } | undefined> {
    if ((await deps.apps.count()) > 0) return undefined;
    return create({ name });
  }

  return { create, updateMfaSettings, updateOidcSettings, ensureOne, list: () => deps.apps.list() };
}

export type AppService = ReturnType<typeof createAppService>;

/** Parses a comma list like "OTP,SMS,EMAIL" into factor types, refusing unknown names. */
export function parseFactorList(list: string): FactorType[] {
  const names = list.split(',').map((name) => name.trim().toUpperCase()).filter(Boolean);
  const unknown = names.filter((name) => !(FACTOR_TYPES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new TesseraError('VALIDATION_FAILED', { detail: `unknown factor types: ${unknown.join(', ')}` });
  return names as FactorType[];
}
