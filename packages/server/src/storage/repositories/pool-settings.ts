import type { Kysely } from 'kysely';
import type { PoolSettings } from '../../domain/ports.js';
import type { Database } from '../schema.js';
import { fromJsonColumn, toJsonColumn } from './json-column.js';

export function createSqlPoolSettings(db: Kysely<Database>): PoolSettings {
  async function read<T>(name: string): Promise<T | undefined> {
    const row = await db.selectFrom('pool_settings').select('value').where('name', '=', name).executeTakeFirst();
    return row && fromJsonColumn<T>(row.value);
  }
  return {
    read,
    async write(name, value) {
      await db
        .insertInto('pool_settings')
        .values({ name, value: toJsonColumn(value) })
        .onConflict((oc) => oc.column('name').doUpdateSet({ value: toJsonColumn(value) }))
        .execute();
    },
    async writeOnce<T>(name: string, value: T) {
      await db.insertInto('pool_settings').values({ name, value: toJsonColumn(value) }).onConflict((oc) => oc.column('name').doNothing()).execute();
      return (await read<T>(name)) as T;
    },
  };
}
