/**
 * Failure (DUR-02): the database fails in the middle of a successful sign-in verification — after the TOTP
 * step advanced (or the recovery code was swapped) and the challenge was consumed, before the session
 * was written. Those first writes used to stay: the user's right code was spent, the challenge gone, and
 * no session to show for it. Verification now commits as one transaction: either every effect happens or
 * none, so the same code on the same challenge works once the database is back. The fault is a real one,
 * injected with a trigger that makes the database refuse the session row.
 */
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { challengeFor, verifyRecovery, verifyTotp } from '../support/mfa.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
afterEach(() => healDatabase());

const onPostgres = () => Boolean(server.config.databaseUrl);

async function breakSessionInserts() {
  const db = server.server.runtime.store.db;
  if (onPostgres()) {
    await sql.raw(`create or replace function tessera_injected_fault() returns trigger as $$ begin raise exception 'injected fault'; end $$ language plpgsql`).execute(db);
    await sql.raw('create trigger injected_fault before insert on sessions for each row execute function tessera_injected_fault()').execute(db);
  } else {
    await sql.raw(`create trigger injected_fault before insert on sessions begin select raise(abort, 'injected fault'); end`).execute(db);
  }
}

async function healDatabase() {
  const db = server.server.runtime.store.db;
  await sql.raw(onPostgres() ? 'drop trigger if exists injected_fault on sessions' : 'drop trigger if exists injected_fault').execute(db);
}

describe('a database failure after the first writes of a sign-in verification', () => {
  test('leaves the TOTP unspent and the challenge redeemable', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const mfaToken = await challengeFor(server, user.email, user.password);
    const code = otp.codeAt(server.clock.now());

    await breakSessionInserts();
    expect((await verifyTotp(server, mfaToken, code)).body.code).not.toBe(200);
    await healDatabase();

    const retried = await verifyTotp(server, mfaToken, code);
    expect(retried.body).toMatchObject({ code: 200, data: { token: expect.any(String) } });
  });

  test('leaves the recovery code valid', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const mfaToken = await challengeFor(server, user.email, user.password);

    await breakSessionInserts();
    expect((await verifyRecovery(server, mfaToken, otp.recoveryCode)).body.code).not.toBe(200);
    await healDatabase();

    expect((await verifyRecovery(server, mfaToken, otp.recoveryCode)).body.code).toBe(200);
  });
});
