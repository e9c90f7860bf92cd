import type { FactorType } from '@tessera/contract';
import { TesseraError } from '../errors.js';
import type { AppRepository, MfaPolicy } from '../ports.js';

/** What a sign-in page may show about an app: never its secret hash. */
export interface PublicApp {
  appId: string;
  name: string;
  enabledFactors: FactorType[];
  mfaPolicy: MfaPolicy;
}

/**
 * The app a hosted page signs in to: the one named, or — when none is — the first app created (the
 * default app `tessera serve` creates on an empty database).
 */
export function createPublicAppLookup(deps: { apps: Pick<AppRepository, 'findById' | 'list'> }) {
  return async function describeApp(appId: string | undefined): Promise<PublicApp> {
    const app = appId ? await deps.apps.findById(appId) : oldest(await deps.apps.list());
    if (!app) throw new TesseraError('APP_NOT_FOUND');
    return { appId: app.id, name: app.name, enabledFactors: app.enabledFactors, mfaPolicy: app.mfaPolicy };
  };
}

function oldest<T extends { createdAt: number }>(apps: T[]): T | undefined {
  return apps.reduce<T | undefined>((first, app) => (!first || app.createdAt < first.createdAt ? app : first), undefined);
}
