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
          redirect_uris: toJsonColumn(app.redirectUris),
          post_logout_redirect_uris: toJsonColumn(app.postLogoutRedirectUris),
          refresh_token_ttl_seconds: app.refreshTokenTtlSeconds,
          id_token_ttl_seconds: app.idTokenTtlSeconds,
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
    async updateOidcSettings(appId, changes) {
      const set: Partial<{
        redirect_uris: string;
        post_logout_redirect_uris: string;
        token_endpoint_auth_method: string;
        refresh_token_ttl_seconds: number;
        id_token_ttl_seconds: number;
      }> = {};
      if (changes.redirectUris) set.redirect_uris = toJsonColumn(changes.redirectUris);
      if (changes.postLogoutRedirectUris) set.post_logout_redirect_uris = toJsonColumn(changes.postLogoutRedirectUris);
      if (changes.tokenEndpointAuthMethod) set.token_endpoint_auth_method = changes.tokenEndpointAuthMethod;
      if (changes.refreshTokenTtlSeconds !== undefined) set.refresh_token_ttl_seconds = changes.refreshTokenTtlSeconds;
      if (changes.idTokenTtlSeconds !== undefined) set.id_token_ttl_seconds = changes.idTokenTtlSeconds;
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
    redirectUris: fromJsonColumn<string[]>(row.redirect_uris),
    postLogoutRedirectUris: fromJsonColumn<string[]>(row.post_logout_redirect_uris),
    refreshTokenTtlSeconds: toNumber(row.refresh_token_ttl_seconds),
    idTokenTtlSeconds: toNumber(row.id_token_ttl_seconds),
  };
}
