/**
 * Face comparison and the face factor's own failure count (BIO-02). The comparison itself is an adapter:
 * the built-in model in a child process, or an operator's external service (src/face/).
 */

/** What a photo shows: exactly one face (and its template), none, or several. */
export type FaceReading =
  | { faces: 1; template: Buffer }
  | { faces: 0 }
  | { faces: 'several' };

/** A probe compared with an enrolled template. */
export type FaceComparison = { faces: 1; match: boolean } | { faces: 0 } | { faces: 'several' };

/**
 * Turns an image into a template, and compares an image with a template. Implementations throw
 * TesseraError('FACE_MATCHER_UNAVAILABLE') when they cannot answer in time (queue full, timeout, crash):
 * the request fails with 503 and nothing is bound or counted.
 */
export interface FaceMatcher {
  read(image: Buffer): Promise<FaceReading>;
  compare(image: Buffer, template: Buffer): Promise<FaceComparison>;
  close(): Promise<void>;
}

/** Whose request carries the photo: an uploaded photo (`tessera-upload:<id>`) serves only its uploader. */
export interface PhotoOwner {
  userId: string;
  /** The app of the request; unknown for a step-up, where the user alone binds the upload. */
  appId?: string;
}

/**
 * Resolves the `photo` of a request (a data: URL, an allow-listed https URL, or the reference of a photo
 * uploaded by the same user) to image bytes.
 */
export interface PhotoSource {
  load(photo: string, owner: PhotoOwner): Promise<Buffer>;
}

export interface FaceUploadRow {
  id: string;
  userId: string;
  appId: string;
  /** The image, sealed with the keyring, bound to the upload id. */
  sealed: string;
  expiresAt: number;
}

/** Uploaded face photos in the shared database (BIO-04: single use, short-lived, swept when expired). */
export interface FaceUploadStore {
  /** Stores one upload; sweeps the expired ones first, and keeps only the user's `keepPerUser` newest. */
  insert(upload: FaceUploadRow, now: number, keepPerUser: number): Promise<void>;
  /**
   * Atomically deletes and answers the upload when it is this user's (and app's, when given) and unexpired;
   * undefined otherwise. Expired uploads are swept on the way.
   */
  take(id: string, owner: PhotoOwner, now: number): Promise<FaceUploadRow | undefined>;
}

export interface FaceAttemptRow {
  /** Consecutive failed comparisons of this factor. */
  failures: number;
  /** Epoch ms of the last attempt that was let through. */
  lastAttemptAt: number;
}

/** Consecutive failures per face factor, in the shared database (every instance sees the same count). */
export interface FaceAttemptStore {
  /**
   * Compare-and-set: stamps `lastAttemptAt = now` only while failures < `disableAt` and (failures < `slowAfter`
   * or the last attempt was at least `minGapMs` ago). Creates the row when missing. Answers the row after
   * the attempt when it was let through, else the row as it stands.
   */
  begin(factorId: string, now: number, rule: { slowAfter: number; minGapMs: number; disableAt: number }): Promise<{ allowed: boolean; row: FaceAttemptRow }>;
  /** One more failure; answers the count after it. */
  addFailure(factorId: string): Promise<number>;
  /** A success: zero failures. */
  clear(factorId: string): Promise<void>;
  /** The row as it stands (zero failures when there is none). */
  read(factorId: string): Promise<FaceAttemptRow>;
}
