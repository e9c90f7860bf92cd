import { describe, expect, test } from 'vitest';
import { isStoreUnavailable } from '../../src/storage/store-unavailable.js';

/** Which driver failures mean "the store is away" (503) rather than a bug (500) — DUR-04. */
const withCode = (code: string, message = 'failure') => Object.assign(new Error(message), { code });
const named = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('isStoreUnavailable', () => {
  test.each([
    ['a refused TCP connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['PostgreSQL admin shutdown / pg_terminate_backend (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['PostgreSQL connection exception (08006)', withCode('08006')],
    ['PostgreSQL too many connections (53300)', withCode('53300')],
    ['pg: connection terminated mid-query', new Error('Connection terminated unexpectedly')],
    ['pg: pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['pg: broken client reused', new Error('Client has encountered a connection error and is not queryable')],
    ['ioredis: connection closed', new Error('Connection is closed.')],
    ['ioredis: offline queue disabled', new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    ['ioredis: retries exhausted', named('MaxRetriesPerRequestError', 'Reached the max retries per request limit (which is 1).')],
    ['ioredis: command timeout', new Error('Command timed out')],
    ['SQLite locked beyond busy_timeout', withCode('SQLITE_BUSY')],
    ['SQLite I/O error', withCode('SQLITE_IOERR_WRITE')],
    ['a wrapped cause', new Error('outer', { cause: withCode('ECONNREFUSED') })],
  ])('%s is unavailable', (_label, error) => {
    expect(isStoreUnavailable(error)).toBe(true);
  });

  test.each([
    ['a unique violation', withCode('23505')],
    ['a SQLite constraint', withCode('SQLITE_CONSTRAINT_UNIQUE')],
    ['a syntax error', withCode('42601')],
    ['a plain bug', new TypeError('cannot read properties of undefined')],
    ['not an error', 'ECONNREFUSED'],
  ])('%s is not', (_label, error) => {
    expect(isStoreUnavailable(error)).toBe(false);
  });
});
