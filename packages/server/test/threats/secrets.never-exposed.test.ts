/**
 * Threat: a TOTP secret, a texted code or a recovery code leaks after enrollment — through a GET answer,
 * the server log, or a copy of the database — or a ciphertext is moved onto another row to make the server
 * verify with a secret the attacker knows (ENR-04, OOB-06, KEY-01).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { paths } from '../../src/config.js';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { useTestServer } from '../support/use-test-server.js';

const fixture = useTestServer({}, async (server) => {
  const user = await signUpAndSignIn(server);
  const otp = await enrollOtp(server, user.token);
  const base32Secret = (await import('otpauth')).Secret.fromHex(Buffer.from(otp.secret).toString('hex')).base32;
  const started = await api(server, 'POST', '/api/v3/send-enroll-factor-request', {
    token: user.token,
    body: { factorType: 'SMS', profile: { phoneNumber: '13300133000' } },
  });
  const smsCode = server.lastCodeFor('+8613300133000');
  await api(server, 'POST', '/api/v3/enroll-factor', {
    token: user.token,
    body: { factorType: 'SMS', enrollmentToken: started.body.data.enrollmentToken, enrollmentData: { passCode: smsCode } },
  });
  const readAnswers: string[] = [];
  for (const [path, query] of [
    ['/api/v3/list-enrolled-factors', {}],
    ['/api/v3/get-factor', { factorId: otp.factorId }],
    ['/api/v3/list-factors-to-enroll', {}],
  ] as const) {
    readAnswers.push(JSON.stringify((await api(server, 'GET', path, { token: user.token, query })).body));
  }
  return { user, otp, base32Secret, smsCode, readAnswers };
});
const { server } = fixture;

describe('secrets after enrollment', () => {
  test('no GET answer contains the TOTP secret, an otpauth URI or the recovery code', () => {
    for (const answer of fixture.readAnswers) {
      expect(answer).not.toContain(fixture.base32Secret);
      expect(answer).not.toContain('otpauth');
      expect(answer).not.toContain(fixture.otp.recoveryCode);
      expect(answer).not.toMatch(/secret|qrCode|recovery/i);
    }
  });

  test('the server log contains neither the TOTP secret, the SMS code, the recovery code nor a token', () => {
    const log = server.logs.text();
    expect(log).not.toContain(fixture.base32Secret);
    expect(log).not.toContain(fixture.otp.recoveryCode);
    expect(log).not.toContain(fixture.user.token);
    expect(log).not.toMatch(new RegExp(`"[^"]*":"?${fixture.smsCode}"?[,}]`));
  });

  test('the database file holds no plaintext secret, code or recovery code', async () => {
    await server.server.runtime.store.db.selectFrom('factors').selectAll().execute();
    const files = [paths.sqliteFile(server.config), `${paths.sqliteFile(server.config)}-wal`];
    const bytes = Buffer.concat(files.map((file) => { try { return readFileSync(file); } catch { return Buffer.alloc(0); } }));
    expect(bytes.includes(Buffer.from(fixture.otp.secret))).toBe(false);
    expect(bytes.includes(Buffer.from(fixture.base32Secret))).toBe(false);
    expect(bytes.includes(Buffer.from(fixture.otp.recoveryCode))).toBe(false);
    expect(bytes.includes(Buffer.from(fixture.otp.recoveryCode.replaceAll('-', '')))).toBe(false);
  });

  test('a sealed secret moved onto another factor row fails closed instead of verifying', async () => {
    const other = await signUpAndSignIn(server);
    const victimFactor = await enrollOtp(server, other.token);
    const db = server.server.runtime.store.db;
    const attackerRow = await db.selectFrom('factors').select('secret_sealed').where('id', '=', fixture.otp.factorId).executeTakeFirstOrThrow();
    await db.updateTable('factors').set({ secret_sealed: attackerRow.secret_sealed }).where('id', '=', victimFactor.factorId).execute();
    const answer = await api(server, 'POST', '/api/v3/mfa-totp-verify', { token: other.token, body: { totp: fixture.otp.codeAt(server.clock.now()) } });
    expect(answer.body.data?.verified).not.toBe(true);
    expect(answer.body).toMatchObject({ statusCode: 500 });
  });
});
