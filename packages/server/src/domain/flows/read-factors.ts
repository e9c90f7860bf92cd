import type { FactorDto, FactorToEnrollDto } from '@tessera/contract';
import { TesseraError } from '../errors.js';
import type { FactorRegistry } from '../factors/registry.js';
import type { AppRecord, Clock, FactorRecord, FactorRepository, LiveSessionReads, SessionRecord } from '../ports.js';
import type { SessionService } from '../sessions/session-service.js';
import type { ClaimedCaller } from './caller.js';

/** Reading bound factors (spec §3 #4–#6). A factor is only ever looked up with its owner. */
export function createFactorReading(deps: {
  clock: Clock;
  factors: FactorRepository;
  liveSessionReads: LiveSessionReads;
  /** Records the use of a session a read found live (the idle lapse and the touch, AZ-06). */
  sessions: Pick<SessionService, 'recordUse'>;
  registry: FactorRegistry;
}) {
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

  /** A read through a session found live: its use recorded; none found is refused as `authenticate` does. */
  async function used<Read extends { session: SessionRecord }>(read: Read | undefined): Promise<Read> {
    if (!read) throw new TesseraError('INVALID_TOKEN');
    await deps.sessions.recordUse(read.session);
    return read;
  }

  /**
   * `list` for the caller of list-enrolled-factors: the session check and the read are one statement
   * (issue 14). A session no longer live is refused as `authenticate` refuses it; an enrollment-only
   * mfaToken names no session and lists by its user.
   */
  async function listForCaller(caller: ClaimedCaller): Promise<FactorDto[]> {
    if (!caller.session) return list(caller.userId);
    const read = await used(await deps.liveSessionReads.factorsOf(caller.session, deps.clock.now()));
    return Promise.all(read.factors.map(toFactorDto));
  }

  /** `get` for the caller of get-factor, the session checked in the same statement (issue 14). */
  async function getForCaller(caller: ClaimedCaller, factorId: string): Promise<FactorDto> {
    if (!caller.session) return get(caller.userId, factorId);
    const read = await used(await deps.liveSessionReads.factorOf(caller.session, factorId, deps.clock.now()));
    // AZ-01: another user's factor answers exactly like one that does not exist.
    if (!read.factor) throw new TesseraError('FACTOR_NOT_FOUND');
    return toFactorDto(read.factor);
  }

  /** What the app offers and the user has not bound yet. */
  async function listToEnroll(app: AppRecord, userId: string): Promise<FactorToEnrollDto[]> {
    const bound = new Set((await deps.factors.listByUser(userId)).map((factor) => factor.type));
    return deps.registry
      .offeredTypes(app)
      .filter((type) => !bound.has(type))
      .map((factorType) => ({ factorType }));
  }

  return { list, get, listForCaller, getForCaller, listToEnroll };
}

export type FactorReading = ReturnType<typeof createFactorReading>;
