import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { signUpAndSignIn } from '../support/accounts.js';
import { signInWithScope } from '../support/oidc.js';
import { PYTHON, VENDORED_PYTHON_SDK } from '../support/python-sdk.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * The official Python SDK (vendored, unmodified: ../shared/vendor/authing-py-sdk beside the repo) drives the
 * token lifecycle with Debian's interpreter: get_new_access_token_by_refresh_token, introspect_token,
 * get_user_info_by_access_token, build_logout_url, revoke_token. It fails, never skips, when either is missing.
 */
const LOGOUT_URI = 'https://app.example/py-bye';
const run = promisify(execFile);

const SCRIPT = `
import json, sys
from authing import AuthenticationClient
args = json.loads(sys.argv[1])
client = AuthenticationClient(app_id=args['appId'], app_secret=args['appSecret'], app_host=args['url'], protocol='oidc',
                              token_endpoint_auth_method=args['method'], introspection_endpoint_auth_method=args['method'],
                              revocation_endpoint_auth_method=args['method'])
out = {}
out['refreshed'] = client.get_new_access_token_by_refresh_token(args['refreshToken'])
access = out['refreshed']['access_token']
out['introspected'] = client.introspect_token(access)
out['userinfo'] = client.get_user_info_by_access_token(access)
out['logoutUrl'] = client.build_logout_url(redirect_uri=args['logoutUri'], id_token=out['refreshed']['id_token'])
out['revoked'] = client.revoke_token(out['refreshed']['refresh_token'])
out['afterRevocation'] = client.introspect_token(access)
print(json.dumps(out))
`;

const { server } = useTestServer();

describe('the official Python SDK: token lifecycle', () => {
  test('Debian python3 and the vendored SDK are there', () => {
    expect(existsSync(PYTHON), PYTHON).toBe(true);
    expect(existsSync(`${VENDORED_PYTHON_SDK}/authing/AuthenticationClient.py`), VENDORED_PYTHON_SDK).toBe(true);
  });

  test.each(['client_secret_post', 'client_secret_basic'])('refresh, introspect, userinfo, logout URL, revoke with %s', async (method) => {
    await server.server.runtime.services.admin.updateAppOidcSettings(server.appId, { postLogoutRedirectUris: [LOGOUT_URI] });
    const user = await signUpAndSignIn(server);
    const tokens = await signInWithScope(server, user.email, user.password, 'openid email offline_access');
    const input = { appId: server.appId, appSecret: server.appSecret, url: server.url, method, refreshToken: tokens.refresh_token, logoutUri: LOGOUT_URI };
    const { stdout } = await run(PYTHON, ['-c', SCRIPT, JSON.stringify(input)], { env: { ...process.env, PYTHONPATH: VENDORED_PYTHON_SDK } });
    const out = JSON.parse(stdout);
    expect(out.refreshed).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String), id_token: expect.any(String) });
    expect(out.introspected).toMatchObject({ active: true, sub: user.userId });
    expect(out.userinfo).toEqual({ sub: user.userId, email: user.email, email_verified: false });
    expect(out.revoked).toBe(true);
    expect(out.afterRevocation).toEqual({ active: false });
    const logout = await fetch(out.logoutUrl, { redirect: 'manual' });
    expect(logout.status).toBe(303);
    expect(logout.headers.get('location')).toBe(LOGOUT_URI);
  });
});
