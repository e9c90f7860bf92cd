/**
 * Signed-in sessions for seeded users, minted in-process for the benchmark (no password round: Argon2 would
 * make 10k sign-ins take minutes). Each is a real session row with a real ES256 access token, exactly what
 * a password sign-in writes; the server under test cannot tell them apart.
 */
import { randomBytes } from 'node:crypto';
import { configFromEnv, issuerOf, loadConfig } from '../packages/server/src/config.js';
import { createTokenIssuer } from '../packages/server/src/crypto/token-issuer.js';
import { loadKeyring, systemClock } from '../packages/server/src/runtime.js';
import type { Insertable } from 'kysely';
import { toJsonColumn } from '../packages/server/src/storage/repositories/json-column.js';
import type { SessionsTable } from '../packages/server/src/storage/schema.js';
import { openStore } from '../packages/server/src/storage/open-store.js';

export async function mintSessions(env: Readonly<Record<string, string | undefined>>, appId: string, userIds: string[]): Promise<string[]> {
  const config = loadConfig({ ...configFromEnv(env), logLevel: 'silent' });
  const store = await openStore(config);
  try {
    const keyring = await loadKeyring(config, store);
    const tokens = await createTokenIssuer(keyring.signingKeys, { issuer: issuerOf(config), accessTokenTtlSeconds: config.accessTokenTtlSeconds }, systemClock);
    const now = Date.now();
    const minted: string[] = [];
    const rows: Insertable<SessionsTable>[] = [];
    for (const userId of userIds) {
      const id = randomBytes(24).toString('base64url');
      rows.push({
        id,
        user_id: userId,
        app_id: appId,
        amr: toJsonColumn(['pwd']),
        aal: 'aal1',
        aal2_at: null,
        second_factor_at: null,
        created_at: now,
        expires_at: now + config.sessionMaxAgeSeconds * 1000,
        last_used_at: now,
        revoked_at: null,
      });
      minted.push((await tokens.issueAccessToken({ userId, appId, scope: 'openid profile', sessionId: id, amr: ['pwd'], acr: 'aal1' })).token);
    }
    // The rows a sign-in writes, in a few multi-row INSERTs (one per session would cost a commit each).
    await store.db.transaction().execute(async (trx) => {
      for (let offset = 0; offset < rows.length; offset += 500) await trx.insertInto('sessions').values(rows.slice(offset, offset + 500)).execute();
    });
    return minted;
  } finally {
    await store.close();
  }
}
