import type { Services } from '../../runtime.js';

/** What every http surface receives: the domain services, never the store. */
export interface HttpDeps {
  services: Services;
  /** Recognises a lost database or Redis connection (the storage edge knows its drivers' errors). */
  isStoreUnavailable(error: unknown): boolean;
}
