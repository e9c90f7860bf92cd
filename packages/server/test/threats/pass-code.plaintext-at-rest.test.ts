/**
 * Attack: a database dump, backup or read-only SQL injection. If codes sat in plaintext, a reader could
 * confirm enrollments (or sign in) with them while they are live. Defence (OOB-06): only an HMAC of a code
 * is stored, and the delivery log keeps the masked destination, never the code. This test reads every
 * table of the database (SQLite or PostgreSQL) after SMS and email codes were sent, confirmed, superseded and
 * refused.
 */
import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

describe('codes at rest', () => {
  test('no row of any table contains a code that was sent', async () => {
    const user = await signUpAndSignIn(server);
    const send = (factorType: 'SMS' | 'EMAIL', profile: Record<string, string>) =>
      api(server, 'POST', '/api/v3/send-enroll-factor-request', { token: user.token, body: { factorType, profile } });
    await send('EMAIL', { email: 'at-rest-1@example.com' });
    await send('EMAIL', { email: 'at-rest-1@example.com' }); // refused: within 60 s
    await send('SMS', { phoneNumber: '13800138041' });
    const last = await send('EMAIL', { email: 'at-rest-2@example.com' });
    await api(server, 'POST', '/api/v3/enroll-factor', {
      token: user.token,
      body: { factorType: 'EMAIL', enrollmentToken: last.body.data.enrollmentToken, enrollmentData: { passCode: server.lastCodeFor('at-rest-2@example.com') } },
    });
    const codes = server.outbox().map((line) => line.code);
    expect(codes).toHaveLength(3);

    const db = server.server.runtime.store.db;
    const tables = (await db.introspection.getTables()).map((table) => table.name);
    expect(tables).toEqual(expect.arrayContaining(['pending_enrollments', 'delivery_log', 'rate_counters']));
    for (const name of tables) {
      const rows = await db.selectFrom(name as never).selectAll().execute();
      const text = JSON.stringify(rows);
      for (const code of codes) expect(text, `table ${name}`).not.toMatch(new RegExp(`(?<!\\d)${code}(?!\\d)`));
    }
  });
});
