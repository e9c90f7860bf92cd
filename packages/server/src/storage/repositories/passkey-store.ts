import type { Kysely, Selectable } from 'kysely';
import type { PasskeyCredential, PasskeyStore, WebAuthnCeremony, WebAuthnChallenge } from '../../domain/ports.js';
import type { PasskeyCredentialsTable, WebAuthnChallengesTable } from '../passkey-schema.js';
import type { Database } from '../schema.js';
import { toFactorRow } from './factor-repository.js';
import { fromJsonColumn, toJsonColumn, toNullableNumber, toNumber } from './json-column.js';
import { isUniqueViolation } from './unique-violation.js';

/** Spent or expired WebAuthn challenges are kept this long (for forensics), then swept. */
const SWEEP_AFTER_MS = 60 * 60 * 1000;

/** Passkeys, WebAuthn challenges and each app's relying party, in the shared database. */
export function createPasskeyStore(db: Kysely<Database>): PasskeyStore {
  return {
    async userHandleOf(userId, candidate) {
      // Insert-if-absent, then read: of two racing first registrations both get the one stored handle.
      await db
        .insertInto('webauthn_user_handles')
        .values({ user_id: userId, handle: candidate })
        .onConflict((oc) => oc.column('user_id').doNothing())
        .execute();
      const row = await db.selectFrom('webauthn_user_handles').select('handle').where('user_id', '=', userId).executeTakeFirstOrThrow();
      return row.handle;
    },
    async userIdByHandle(handle) {
      const row = await db.selectFrom('webauthn_user_handles').select('user_id').where('handle', '=', handle).executeTakeFirst();
      return row?.user_id;
    },

    async insertChallenge(challenge) {
      await db.deleteFrom('webauthn_challenges').where('expires_at', '<', challenge.createdAt - SWEEP_AFTER_MS).execute();
      await db
        .insertInto('webauthn_challenges')
        .values({
          ticket_hash: challenge.ticketHash,
          ceremony: challenge.ceremony,
          user_id: challenge.userId,
          app_id: challenge.appId,
          challenge: challenge.challenge,
          mfa_token_hash: challenge.mfaTokenHash,
          expires_at: challenge.expiresAt,
          consumed_at: null,
          created_at: challenge.createdAt,
        })
        .execute();
    },
    async findChallenge(ticketHash, appId, now) {
      const row = await db
        .selectFrom('webauthn_challenges')
        .selectAll()
        .where('ticket_hash', '=', ticketHash)
        .where('app_id', '=', appId)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return row && toChallenge(row);
    },
    async consumeChallenge(ticketHash, now) {
      const result = await db
        .updateTable('webauthn_challenges')
        .set({ consumed_at: now })
        .where('ticket_hash', '=', ticketHash)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async bind(factor, credential) {
      try {
        return await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('factors')
            .values(toFactorRow(factor))
            .onConflict((oc) => oc.columns(['user_id', 'type']).doNothing())
            .execute();
          const owner = await trx
            .selectFrom('factors')
            .select('id')
            .where('user_id', '=', factor.userId)
            .where('type', '=', factor.type)
            .executeTakeFirstOrThrow();
          await trx.insertInto('passkey_credentials').values(toRow({ ...credential, factorId: owner.id })).execute();
          return 'bound' as const;
        });
      } catch (error) {
        if (isUniqueViolation(error)) return 'duplicate';
        throw error;
      }
    },
    async listByUser(userId) {
      const rows = await db
        .selectFrom('passkey_credentials')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toCredential);
    },
    async findByCredentialId(credentialId) {
      const row = await db.selectFrom('passkey_credentials').selectAll().where('credential_id', '=', credentialId).executeTakeFirst();
      return row && toCredential(row);
    },
    async recordUse(id, expectedCounter, use) {
      const result = await db
        .updateTable('passkey_credentials')
        .set({ counter: use.counter, backed_up: use.backedUp ? 1 : 0, last_used_at: use.at })
        .where('id', '=', id)
        .where('counter', '=', expectedCounter)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async recordCounterRegression(id, at) {
      await db
        .updateTable('passkey_credentials')
        .set((eb) => ({ counter_regressions: eb('counter_regressions', '+', 1), flagged_at: eb.fn.coalesce('flagged_at', eb.val(at)) }))
        .where('id', '=', id)
        .execute();
    },
    async rename(userId, credentialId, name) {
      const result = await db
        .updateTable('passkey_credentials')
        .set({ name })
        .where('user_id', '=', userId)
        .where('credential_id', '=', credentialId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async remove(userId, credentialIds) {
      if (credentialIds !== 'all' && credentialIds.length === 0) return 0;
      return db.transaction().execute(async (trx) => {
        let query = trx.deleteFrom('passkey_credentials').where('user_id', '=', userId);
        if (credentialIds !== 'all') query = query.where('credential_id', 'in', [...credentialIds]);
        const removed = Number((await query.executeTakeFirst()).numDeletedRows);
        const left = await trx.selectFrom('passkey_credentials').select('id').where('user_id', '=', userId).executeTakeFirst();
        // The factor exists only while it has a passkey: list-factors-to-enroll offers the type again.
        if (!left) await trx.deleteFrom('factors').where('user_id', '=', userId).where('type', '=', 'PASSKEY').execute();
        return removed;
      });
    },

    async settingsOf(appId) {
      const row = await db.selectFrom('webauthn_app_settings').selectAll().where('app_id', '=', appId).executeTakeFirst();
      if (!row) return undefined;
      return {
        appId: row.app_id,
        rpId: row.rp_id,
        origins: row.origins === null ? null : fromJsonColumn<string[]>(row.origins),
        attestation: row.attestation === 'trusted' ? 'trusted' : 'none',
      };
    },
    async saveSettings(settings) {
      const values = {
        rp_id: settings.rpId,
        origins: settings.origins === null ? null : toJsonColumn(settings.origins),
        attestation: settings.attestation,
      };
      await db
        .insertInto('webauthn_app_settings')
        .values({ app_id: settings.appId, ...values })
        .onConflict((oc) => oc.column('app_id').doUpdateSet(values))
        .execute();
    },
  };
}

function toRow(credential: PasskeyCredential): PasskeyCredentialsTable {
  return {
    id: credential.id,
    factor_id: credential.factorId,
    user_id: credential.userId,
    credential_id: credential.credentialId,
    public_key: credential.publicKey,
    counter: credential.counter,
    transports: toJsonColumn(credential.transports),
    backed_up: credential.backedUp ? 1 : 0,
    device_type: credential.deviceType,
    authenticator_code: credential.authenticatorCode,
    name: credential.name,
    rp_id: credential.rpId,
    counter_regressions: credential.counterRegressions,
    flagged_at: credential.flaggedAt,
    created_at: credential.createdAt,
    last_used_at: credential.lastUsedAt,
  };
}

function toCredential(row: Selectable<PasskeyCredentialsTable>): PasskeyCredential {
  return {
    id: row.id,
    factorId: row.factor_id,
    userId: row.user_id,
    credentialId: row.credential_id,
    publicKey: row.public_key,
    counter: toNumber(row.counter),
    transports: fromJsonColumn<string[]>(row.transports),
    backedUp: Number(row.backed_up) === 1,
    deviceType: row.device_type === 'multiDevice' ? 'multiDevice' : 'singleDevice',
    authenticatorCode: row.authenticator_code,
    name: row.name,
    rpId: row.rp_id,
    counterRegressions: Number(row.counter_regressions),
    flaggedAt: toNullableNumber(row.flagged_at),
    createdAt: toNumber(row.created_at),
    lastUsedAt: toNullableNumber(row.last_used_at),
  };
}

function toChallenge(row: Selectable<WebAuthnChallengesTable>): WebAuthnChallenge {
  return {
    ticketHash: row.ticket_hash,
    ceremony: row.ceremony as WebAuthnCeremony,
    userId: row.user_id,
    appId: row.app_id,
    challenge: row.challenge,
    mfaTokenHash: row.mfa_token_hash,
    expiresAt: toNumber(row.expires_at),
    createdAt: toNumber(row.created_at),
  };
}
