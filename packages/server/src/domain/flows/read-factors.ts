import type { FactorDto, FactorToEnrollDto } from '@tessera/contract';
import { TesseraError } from '../errors.js';
import type { FactorRegistry } from '../factors/registry.js';
import type { AppRecord, FactorRecord, FactorRepository } from '../ports.js';

/** Reading bound factors (spec §3 #4–#6). A factor is only ever looked up with its owner. */
export function createFactorReading(deps: { factors: FactorRepository; registry: FactorRegistry }) {
  /** The public view of a factor: type and where codes go, never a secret, code or recovery code. */
  async function toFactorDto(factor: FactorRecord): Promise<FactorDto> {
    const method = deps.registry.binding(factor.type);
    const profile = method ? { ...method.publicProfile(factor), ...(await method.loadProfile?.(factor)) } : {};
    return { factorId: factor.id, factorType: factor.type, profile };
  }

  async function list(userId: string): Promise<FactorDto[]> {
    return Promise.all((await deps.factors.listByUser(userId)).map(toFactorDto));
  }

  async function get(userId: string, factorId: string): Promise<FactorDto> {
    const factor = await deps.factors.findForUser(userId, factorId);
    // AZ-01: another user's factor answers exactly like one that does not exist.
    if (!factor) throw new TesseraError('FACTOR_NOT_FOUND');
    return toFactorDto(factor);
  }

  /** What the app offers and the user has not bound yet. */
  async function listToEnroll(app: AppRecord, userId: string): Promise<FactorToEnrollDto[]> {
    const bound = new Set((await deps.factors.listByUser(userId)).map((factor) => factor.type));
    return deps.registry
      .offeredTypes(app)
      .filter((type) => !bound.has(type))
      .map((factorType) => ({ factorType }));
  }

  return { list, get, listToEnroll };
}

export type FactorReading = ReturnType<typeof createFactorReading>;
