import { describe, expect, test } from 'vitest';
import { api } from '../support/api.js';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { useTestServer } from '../support/use-test-server.js';

const { server } = useTestServer();

const verify = (token: string, totp: unknown) => api(server, 'POST', '/api/v3/mfa-totp-verify', { token, body: { totp } });

describe('POST /api/v3/mfa-totp-verify', () => {
  test('a current code is verified', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const answer = await verify(user.token, otp.codeAt(server.clock.now()));
    expect(answer.body).toMatchObject({ statusCode: 200, data: { verified: true } });
  });

  test('a code one step old is still verified (RFC 6238 §5.2 drift; TOTP-04)', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    server.clock.advanceSeconds(30);
    const answer = await verify(user.token, otp.codeAt(server.clock.now() - 30_000));
    expect(answer.body.data).toEqual({ verified: true });
  });

  test('a code two steps old is not verified (TOTP-04)', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    server.clock.advanceSeconds(90);
    const answer = await verify(user.token, otp.codeAt(server.clock.now() - 60_000));
    expect(answer.body).toMatchObject({ statusCode: 200, data: { verified: false } });
  });

  test('a wrong code is verified: false with statusCode 200', async () => {
    const user = await signUpAndSignIn(server);
    const otp = await enrollOtp(server, user.token);
    const right = otp.codeAt(server.clock.now());
    const wrong = right === '000000' ? '000001' : '000000';
    expect((await verify(user.token, wrong)).body).toMatchObject({ statusCode: 200, data: { verified: false } });
  });

  test('a user with no OTP factor gets 400 OTP_FACTOR_NOT_BOUND', async () => {
    const user = await signUpAndSignIn(server);
    expect((await verify(user.token, '123456')).body).toMatchObject({ statusCode: 400, apiCode: 46061 });
  });

  test('a JSON number instead of a string is a validation error, not a verification', async () => {
    const user = await signUpAndSignIn(server);
    await enrollOtp(server, user.token);
    expect((await verify(user.token, 123456)).body).toMatchObject({ statusCode: 400, apiCode: 46001 });
  });
});
