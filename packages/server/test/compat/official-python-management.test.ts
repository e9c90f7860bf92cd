import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { signUpAndSignIn } from '../support/accounts.js';
import { enrollOtp } from '../support/factors.js';
import { createAccessKey } from '../support/management.js';
import { PYTHON, VENDORED_PYTHON_SDK } from '../support/python-sdk.js';
import { REPO_ROOT } from '../support/security-map.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * The official Python ManagementClient (authing-py-sdk, vendored unmodified in ../shared/vendor) drives the
 * management API with a management token (spec §2.4): it decodes the token's payload with standard base64
 * and reads scoped_userpool_id, then sends Bearer on every call. Debian's /usr/bin/python3 with python3-jwt,
 * python3-requests and python3-websockets (.ci/run installs them); the test fails, never skips, without them.
 */
const FLOW = fileURLToPath(new URL('./python/management_client_flow.py', import.meta.url));

const fixture = useTestServer({ config: { allowOtpSecretExport: true } }, async (server) => {
  const user = await signUpAndSignIn(server, 'py-otp@example.com');
  await enrollOtp(server, user.token);
  return { key: await createAccessKey(server, 'python'), otpUserId: user.userId };
});
const { server } = fixture;

test('the official Python ManagementClient: users, MFA methods, import-otp, global and app settings, OTP export', async () => {
  expect(existsSync(PYTHON), `${PYTHON} is missing`).toBe(true);
  expect(existsSync(join(VENDORED_PYTHON_SDK, 'authing', 'ManagementClient.py')), `the vendored SDK is missing at ${VENDORED_PYTHON_SDK}`).toBe(true);
  const { stdout } = await promisify(execFile)(PYTHON, [FLOW], {
    // Outside the SDK folder: its `authing/http` package must not shadow the standard library's `http`.
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      PYTHONPATH: VENDORED_PYTHON_SDK,
      TESSERA_URL: server.url,
      ACCESS_KEY_ID: fixture.key.accessKeyId,
      ACCESS_KEY_SECRET: fixture.key.accessKeySecret,
      APP_ID: server.appId,
      OTP_USER_ID: fixture.otpUserId,
    },
    timeout: 20_000,
  });
  const answers = JSON.parse(stdout);
  const userId = answers.create_user.data?.userId;
  expect(answers.create_user).toMatchObject({ statusCode: 200, data: { email: 'py-mgmt@example.com', externalId: 'py-legacy-1' } });
  expect(answers.get_user).toMatchObject({ statusCode: 200, data: { userId } });
  expect(answers.get_user_by_external_id).toMatchObject({ statusCode: 200, data: { userId } });
  expect(answers.update_user).toMatchObject({ statusCode: 200, data: { nickname: 'Pyth' } });
  expect(answers.list_users).toMatchObject({ statusCode: 200, data: { totalCount: 1, list: [{ userId }] } });
  expect(answers.get_user_mfa_info).toMatchObject({ statusCode: 200, data: { totpStatus: 'enabled' } });
  expect(answers.get_user_mfa_status).toMatchObject({ statusCode: 200, data: { totpMfaEnabled: true } });
  expect(answers.set_users_mfa_status).toMatchObject({ statusCode: 200, data: { success: true } });
  expect(answers.get_mfa_trigger_data).toMatchObject({ statusCode: 200, data: { totpMfaEnabled: true } });
  expect(answers.update_application_mfa_settings).toMatchObject({ statusCode: 200, data: { enabledFactors: ['OTP', 'SMS', 'EMAIL'] } });
  expect(answers.get_global_mfa_settings).toMatchObject({ statusCode: 200 });
  expect(answers.update_global_mfa_settings).toMatchObject({ statusCode: 200, data: { enabledFactors: ['OTP', 'SMS', 'EMAIL', 'FACE'] } });
  expect(answers.create_user_with_otp).toMatchObject({ statusCode: 200, data: { email: 'py-otp-import@example.com' } });
  expect(answers.import_otp).toMatchObject({ statusCode: 200, data: { imported: 1, refused: 1, results: [{ imported: true }, { reason: 'unknown-user' }] } });
  expect(answers.get_imported_mfa_info).toMatchObject({ statusCode: 200, data: { totpStatus: 'enabled' } });
  expect(answers.get_otp_secret_by_user).toMatchObject({ statusCode: 200, data: { secret: expect.stringMatching(/^[A-Z2-7]+=*$/) } });
  expect(answers.delete_users_batch).toMatchObject({ statusCode: 200, data: { success: true } });
  expect(answers.get_deleted_user).toMatchObject({ statusCode: 404, apiCode: 2004 });
});
