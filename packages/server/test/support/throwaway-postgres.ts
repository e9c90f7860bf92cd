import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL the tests may create databases in (trust auth in CI); override with TESSERA_TEST_POSTGRES_URL. */
export const ADMIN_POSTGRES_URL = process.env.TESSERA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface ThrowawayDatabase {
  name: string;
  url: string;
  /** Drops the database, closing whatever is still connected to it. */
  drop(): Promise<void>;
}

/** A fresh, empty database per test file or server, dropped at the end, so runs never see each other. */
export async function createThrowawayDatabase(): Promise<ThrowawayDatabase> {
  const name = `tessera_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** Runs one statement as the admin user, on the admin database. */
export async function adminQuery(statement: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: ADMIN_POSTGRES_URL });
  await client.connect();
  try {
    return await client.query(statement, values);
  } finally {
    await client.end();
  }
}

/** Closes every connection to a database from the server side, as a failover or an admin would. */
export async function terminateConnections(databaseName: string): Promise<number> {
  const result = await adminQuery(
    'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
    [databaseName],
  );
  return result.rowCount ?? 0;
}
