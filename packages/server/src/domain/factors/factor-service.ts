import type { FactorDto, FactorToEnrollDto } from '@tessera/contract';
import { TesseraError } from '../errors.js';
import type { AppRecord, FactorRecord, FactorRepository } from '../ports.js';
import { offeredFactorTypes } from './factor-policy.js';

/** Reading and removing bound factors (spec §3 #3–#6). A factor is only ever looked up with its owner. */
export function createFactorService(deps: { factors: FactorRepository }) {
  const { factors } = deps;

  async function list(userId: string): Promise<FactorDto[]> {
    return (await factors.listByUser(userId)).map(toFactorDto);
  }

  async function get(userId: string, factorId: string): Promise<FactorDto> {
    const factor = await factors.findForUser(userId, factorId);
    // AZ-01: another user's factor answers exactly like one that does not exist.
    if (!factor) throw new TesseraError('FACTOR_NOT_FOUND');
    return toFactorDto(factor);
  }

  async function reset(userId: string, factorId: string): Promise<void> {
    if (!(await factors.deleteForUser(userId, factorId))) throw new TesseraError('FACTOR_NOT_FOUND');
  }

  async function listToEnroll(app: AppRecord, userId: string): Promise<FactorToEnrollDto[]> {
    const bound = new Set((await factors.listByUser(userId)).map((factor) => factor.type));
    return offeredFactorTypes(app)
      .filter((type) => !bound.has(type))
      .map((factorType) => ({ factorType }));
  }

  return { list, get, reset, listToEnroll };
}

export type FactorService = ReturnType<typeof createFactorService>;

/** The public view of a factor: type and where codes go, never a secret, code or recovery code. */
export function toFactorDto(factor: FactorRecord): FactorDto {
  return { factorId: factor.id, factorType: factor.type, profile: { ...factor.profile } };
}
