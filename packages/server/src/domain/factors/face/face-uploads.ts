import { generateOpaqueToken, hashOpaqueToken } from '../../codes/one-time-codes.js';
import { TesseraError } from '../../errors.js';
import type { AppRecord, Clock, FaceUploadStore, PhotoSource, Random, SecretBox } from '../../ports.js';

/** The `photo` value that names an uploaded photo: `tessera-upload:<opaque id>`. */
export const UPLOAD_REFERENCE_PREFIX = 'tessera-upload:';

/** How long an uploaded photo waits for its one use (BIO-04: no image lives longer than needed). */
export const DEFAULT_UPLOAD_TTL_SECONDS = 300;

/** Uploads one user may have waiting; a newer one replaces the oldest (bounds what one user can store). */
export const UPLOADS_KEPT_PER_USER = 3;

export interface FaceUploadsDeps {
  clock: Clock;
  random: Random;
  store: FaceUploadStore;
  secretBox: SecretBox;
  /** Checks and decodes what is uploaded and resolves every other `photo` (data: URL, allow-listed URL). */
  photos: PhotoSource;
  /** Throws FACTOR_TYPE_NOT_ENABLED unless the app offers FACE: an app without it stores no face photo. */
  assertFaceOffered: (app: AppRecord) => void;
  ttlSeconds?: number;
}

export interface FaceUploads {
  /** POST /api/v3/upload-face-photo: stores a data: URL photo, sealed, for one later use by the same user. */
  upload(uploader: { userId: string; app: AppRecord }, photo: string): Promise<{ photo: string; expiresIn: number }>;
  /** The PhotoSource of the face factor: `tessera-upload:<id>` is taken (once) from the store, the rest as before. */
  source: PhotoSource;
}

const unusableUpload = () => new TesseraError('FACE_PHOTO_UNUSABLE', { reason: 'the upload is unknown, already used or expired' });

/**
 * Tessera's own face photo upload (docs/face.md): a client uploads once and passes the reference as `photo`.
 * The image is checked like any photo (size, JPEG/PNG/WebP by its first bytes), sealed with the keyring and
 * bound to the upload's id; the row names the uploader and their app. The reference is single use (taken by
 * a DELETE … RETURNING) and short-lived; expired rows are swept. The id is stored only as its hash.
 */
export function createFaceUploads(deps: FaceUploadsDeps): FaceUploads {
  const ttlSeconds = deps.ttlSeconds ?? DEFAULT_UPLOAD_TTL_SECONDS;

  return {
    async upload(uploader, photo) {
      deps.assertFaceOffered(uploader.app);
      const owner = { userId: uploader.userId, appId: uploader.app.id };
      // Only a data: URL is uploaded: the upload must never make Tessera fetch a URL, nor chain references.
      if (!photo.startsWith('data:')) throw new TesseraError('FACE_PHOTO_UNUSABLE', { reason: 'upload a data:image/jpeg|png|webp;base64 URL' });
      const image = await deps.photos.load(photo, owner);
      const reference = generateOpaqueToken(deps.random);
      const id = hashOpaqueToken(reference);
      const now = deps.clock.now();
      try {
        await deps.store.insert({ id, userId: owner.userId, appId: owner.appId, sealed: deps.secretBox.seal(image, id), expiresAt: now + ttlSeconds * 1000 }, now, UPLOADS_KEPT_PER_USER);
      } finally {
        image.fill(0);
      }
      return { photo: `${UPLOAD_REFERENCE_PREFIX}${reference}`, expiresIn: ttlSeconds };
    },
    source: {
      async load(photo, owner) {
        if (!photo.startsWith(UPLOAD_REFERENCE_PREFIX)) return deps.photos.load(photo, owner);
        const reference = photo.slice(UPLOAD_REFERENCE_PREFIX.length);
        if (!/^[A-Za-z0-9_-]{43}$/.test(reference)) throw unusableUpload();
        const row = await deps.store.take(hashOpaqueToken(reference), owner, deps.clock.now());
        if (!row) throw unusableUpload();
        try {
          return deps.secretBox.open(row.sealed, row.id);
        } catch {
          // Sealed with a key retired meanwhile: the upload is as good as gone.
          throw unusableUpload();
        }
      },
    },
  };
}
