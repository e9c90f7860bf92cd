import type pg from 'pg';

/** SQL text → statement name, for the hot reads `precompile` builds (storage/precompiled-query.ts). */
const names = new Map<string, string>();

/** Marks a SQL text as hot: PostgreSQL connections send it as a named prepared statement. */
export function registerHotStatement(sql: string): void {
  if (!names.has(sql)) names.set(sql, `tessera_hot_${names.size + 1}`);
}

/**
 * Sends the registered texts as named statements on this connection (node-postgres `{ name, text, values }`):
 * the server parses and plans each once per connection instead of on every request (issue 14). Kysely
 * passes a text and its values; anything else goes through untouched.
 */
export function nameHotStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    const name = typeof text === 'string' ? names.get(text) : undefined;
    return name && args.length === 2 ? query({ name, text, values }) : query(...args);
  }) as typeof client.query;
}
