import { sql, type Kysely } from 'kysely';
import type { AppRepository, EnrollmentStore, FactorRepository, SendThrottle, UserRepository } from '../domain/ports.js';
import { createAppRepository } from './repositories/app-repository.js';
import { createEnrollmentStore } from './repositories/enrollment-store.js';
import { createFactorRepository } from './repositories/factor-repository.js';
import { createSqlSendThrottle } from './repositories/send-throttle.js';
import { createUserRepository } from './repositories/user-repository.js';
import type { Database } from './schema.js';

/** Every storage port over one Kysely database, whatever its dialect. */
export interface Store {
  db: Kysely<Database>;
  apps: AppRepository;
  users: UserRepository;
  factors: FactorRepository;
  enrollments: EnrollmentStore;
  throttle: SendThrottle;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function createSqlStore(db: Kysely<Database>): Store {
  return {
    db,
    apps: createAppRepository(db),
    users: createUserRepository(db),
    factors: createFactorRepository(db),
    enrollments: createEnrollmentStore(db),
    throttle: createSqlSendThrottle(db),
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.destroy(),
  };
}
