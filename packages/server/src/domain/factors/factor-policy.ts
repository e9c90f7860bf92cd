import type { FactorType } from '@tessera/contract';
import { TesseraError } from '../errors.js';
import type { AppRecord } from '../ports.js';

/**
 * Factor types Tessera can serve without extra configuration. FACE needs a face-comparison provider
 * (security.md §6.5), which this build does not configure, so it is never offered.
 */
export const SERVABLE_FACTOR_TYPES: readonly FactorType[] = ['OTP', 'SMS', 'EMAIL'];

/** The types an app offers: those it enables that this deployment can serve. */
export function offeredFactorTypes(app: AppRecord): FactorType[] {
  return app.enabledFactors.filter((type) => SERVABLE_FACTOR_TYPES.includes(type));
}

export function assertFactorTypeEnabled(app: AppRecord, factorType: FactorType): void {
  if (!offeredFactorTypes(app).includes(factorType)) throw new TesseraError('FACTOR_TYPE_NOT_ENABLED', { factorType });
}
