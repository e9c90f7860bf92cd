import { randomBytes } from 'node:crypto';
import { api } from './api.js';
import type { TestServer } from './test-server.js';

export interface SignedInUser {
  email: string;
  password: string;
  userId: string;
  token: string;
}

/** Signs a fresh user up and in with email + password, over HTTP. */
export async function signUpAndSignIn(server: TestServer, email = `user-${randomBytes(4).toString('hex')}@example.com`): Promise<SignedInUser> {
  const password = 'correct horse battery staple';
  const signUp = await api(server, 'POST', '/api/v3/signup', {
    body: { connection: 'PASSWORD', passwordPayload: { email, password } },
  });
  if (signUp.body.statusCode !== 200) throw new Error(`signup failed: ${JSON.stringify(signUp.body)}`);
  const token = await signIn(server, email, password);
  return { email, password, userId: signUp.body.data.userId, token };
}

export async function signIn(server: TestServer, email: string, password: string): Promise<string> {
  const answer = await api(server, 'POST', '/api/v3/signin', {
    body: {
      connection: 'PASSWORD',
      passwordPayload: { email, password },
      client_id: server.appId,
      client_secret: server.appSecret,
    },
  });
  if (answer.body.statusCode !== 200) throw new Error(`signin failed: ${JSON.stringify(answer.body)}`);
  return answer.body.data.access_token as string;
}
