import { equalInConstantTime } from '../codes/constant-time.js';
import { hashOpaqueToken } from '../codes/one-time-codes.js';
import type { AppRecord, AppRepository } from '../ports.js';
import { OAuthFailure } from './oauth-failure.js';

/** Longer client ids are no app of ours: refused without a lookup. */
const MAX_CLIENT_ID_LENGTH = 64;

/** What a request to /oidc/token, /revocation or /introspection presented, from its body or Basic header. */
export interface PresentedClient {
  clientId?: string | undefined;
  clientSecret?: string | undefined;
}

/**
 * RFC 6749 §2.3: who calls the token, revocation and introspection endpoints. An app registered with
 * `none` (a public client) is named by its client_id alone; any other app must prove its secret, sent in
 * the body (client_secret_post) or a Basic header (client_secret_basic) alike — the official SDK sends
 * the Basic header on every /oidc call once its token endpoint uses it, whatever it was told for the
 * other two. A secret, when sent, must always be right.
 */
export function createClientAuthentication(deps: { apps: AppRepository }) {
  return async function authenticateClient(client: PresentedClient): Promise<AppRecord> {
    const clientId = client.clientId?.trim() ?? '';
    const app = clientId && clientId.length <= MAX_CLIENT_ID_LENGTH ? await deps.apps.findById(clientId) : undefined;
    if (!app) throw new OAuthFailure('invalid_client');
    if (client.clientSecret) {
      if (!equalInConstantTime(hashOpaqueToken(client.clientSecret), app.secretHash)) throw new OAuthFailure('invalid_client');
      return app;
    }
    if (app.tokenEndpointAuthMethod !== 'none') throw new OAuthFailure('invalid_client', 'this client must authenticate with its secret');
    return app;
  };
}

export type ClientAuthentication = ReturnType<typeof createClientAuthentication>;
