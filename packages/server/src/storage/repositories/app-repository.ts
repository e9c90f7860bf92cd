import type { Kysely, Selectable } from 'kysely';
import type { FactorType } from '@tessera/contract';
import type { AppRecord, AppRepository, MfaPolicy, TokenEndpointAuthMethod } from '../../domain/ports.js';
import type { AppsTable, Database } from '../schema.js';
import { fromJsonColumn, toJsonColumn, toNumber } from './json-column.js';

export function createAppRepository(db: Kysely<Database>): AppRepository {
  return {
    async findById(appId) {
      const row = await db.selectFrom('apps').selectAll().where('id', '=', appId).executeTakeFirst();
      return row && toAppRecord(row);
    },
    async insert(app) {
      await db
        .insertInto('apps')
        .values({
          id: app.id,
          name: app.name,
          secret_hash: app.secretHash,
          token_endpoint_auth_method: app.tokenEndpointAuthMethod,
          enabled_factors: toJsonColumn(app.enabledFactors),
          mfa_policy: app.mfaPolicy,
          created_at: app.createdAt,
        })
        .execute();
    },
    async updateMfaSettings(appId, changes) {
      const set: { mfa_policy?: string; enabled_factors?: string } = {};
      if (changes.mfaPolicy) set.mfa_policy = changes.mfaPolicy;
      if (changes.enabledFactors) set.enabled_factors = toJsonColumn(changes.enabledFactors);
      if (Object.keys(set).length > 0) await db.updateTable('apps').set(set).where('id', '=', appId).execute();
      const row = await db.selectFrom('apps').selectAll().where('id', '=', appId).executeTakeFirst();
      return row && toAppRecord(row);
    },
    async list() {
      return (await db.selectFrom('apps').selectAll().orderBy('created_at').execute()).map(toAppRecord);
    },
    async count() {
      const row = await db.selectFrom('apps').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return toNumber(row.n as number | string);
    },
  };
}

function toAppRecord(row: Selectable<AppsTable>): AppRecord {
  return {
    id: row.id,
    name: row.name,
    secretHash: row.secret_hash,
    tokenEndpointAuthMethod: row.token_endpoint_auth_method as TokenEndpointAuthMethod,
    enabledFactors: fromJsonColumn<FactorType[]>(row.enabled_factors),
    mfaPolicy: row.mfa_policy as MfaPolicy,
    createdAt: toNumber(row.created_at),
  };
}
