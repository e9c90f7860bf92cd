import type { Kysely } from 'kysely';
import type { FaceUploadStore } from '../../domain/ports.js';
import type { Database } from '../schema.js';
import { toNumber } from './json-column.js';

/** Uploaded face photos: a row lives until it is used once or expires (BIO-04). */
export function createSqlFaceUploadStore(db: Kysely<Database>): FaceUploadStore {
  const sweep = (now: number) => db.deleteFrom('face_uploads').where('expires_at', '<=', now).execute();
  return {
    async insert(upload, now, keepPerUser) {
      await sweep(now);
      await db
        .insertInto('face_uploads')
        .values({ id: upload.id, user_id: upload.userId, app_id: upload.appId, sealed: upload.sealed, expires_at: upload.expiresAt })
        .execute();
      // One user cannot pile photos up in the database: the newest few wait, older ones go.
      const newest = db.selectFrom('face_uploads').select('id').where('user_id', '=', upload.userId).orderBy('expires_at', 'desc').orderBy('id').limit(keepPerUser);
      await db.deleteFrom('face_uploads').where('user_id', '=', upload.userId).where('id', 'not in', newest).execute();
    },
    async take(id, owner, now) {
      await sweep(now);
      // DELETE … RETURNING: of two concurrent uses of one upload, exactly one gets the photo.
      let query = db.deleteFrom('face_uploads').where('id', '=', id).where('user_id', '=', owner.userId).where('expires_at', '>', now);
      if (owner.appId !== undefined) query = query.where('app_id', '=', owner.appId);
      const row = await query.returningAll().executeTakeFirst();
      return row && { id: row.id, userId: row.user_id, appId: row.app_id, sealed: row.sealed, expiresAt: toNumber(row.expires_at) };
    },
  };
}
