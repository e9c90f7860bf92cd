import { FACTOR_TYPES, type FactorType } from '@tessera/contract';
import type { AppRecord, AppRepository, Clock, PoolSettings, Random } from '../ports.js';

const POOL_ID = 'pool-id';
const GLOBAL_FACTORS = 'global-mfa-factors';

/**
 * Tessera is one user pool (issue 11): its id (generated once, `tessera pool show`) and the global MFA
 * layer — a factor type is offered when enabled globally **and** for the app. Unset, every type is on.
 */
export function createUserPool(deps: { clock: Clock; random: Random; settings: PoolSettings; cacheMs: number }) {
  let poolId: string | undefined;
  let globalFactors: { value: FactorType[]; until: number } | undefined;

  async function id(): Promise<string> {
    poolId ??= await deps.settings.writeOnce(POOL_ID, deps.random.bytes(12).toString('hex'));
    return poolId;
  }

  async function enabledFactors(): Promise<FactorType[]> {
    const now = deps.clock.now();
    if (globalFactors && globalFactors.until > now) return globalFactors.value;
    const value = (await deps.settings.read<FactorType[]>(GLOBAL_FACTORS)) ?? [...FACTOR_TYPES];
    globalFactors = { value, until: now + deps.cacheMs };
    return value;
  }

  async function setEnabledFactors(factors: readonly FactorType[]): Promise<FactorType[]> {
    const value = FACTOR_TYPES.filter((type) => factors.includes(type));
    await deps.settings.write(GLOBAL_FACTORS, value);
    globalFactors = { value, until: deps.clock.now() + deps.cacheMs };
    return value;
  }

  return {
    id,
    enabledFactors,
    /** update-global-mfa-settings: exactly these types are on. */
    setEnabledFactors,
    /** disable-global-mfa-settings: these types go off, the rest stay as they are. */
    disableFactors: async (factors: readonly FactorType[]) => setEnabledFactors((await enabledFactors()).filter((type) => !factors.includes(type))),
  };
}

export type UserPool = ReturnType<typeof createUserPool>;

/** The apps as every flow sees them: their enabled factor types narrowed by the global layer. */
export function withGlobalMfaLayer(apps: AppRepository, pool: Pick<UserPool, 'enabledFactors'>): AppRepository {
  // Read on every request: while the app record (cached upstream) and the global list are the same objects,
  // the narrowed record is reused instead of rebuilt.
  const narrowed = new WeakMap<AppRecord, { global: readonly FactorType[]; app: AppRecord }>();
  const narrow = async (app: AppRecord | undefined) => {
    if (!app) return app;
    const global = await pool.enabledFactors();
    const known = narrowed.get(app);
    if (known?.global === global) return known.app;
    const result = { ...app, enabledFactors: app.enabledFactors.filter((type) => global.includes(type)) };
    narrowed.set(app, { global, app: result });
    return result;
  };
  return { ...apps, findById: async (appId) => narrow(await apps.findById(appId)) };
}
