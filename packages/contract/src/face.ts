import { Type, type Static } from '@sinclair/typebox';
import { InputText } from './input-text.js';

/**
 * The longest `photo` a request may carry: a `data:` URL of an image up to the server's face photo size
 * limit (base64 grows it by a third). The server checks the decoded size against its own setting.
 */
export const MAX_FACE_PHOTO_TEXT_LENGTH = 8_000_000;

/** A face photo: a `data:image/…;base64,` URL, an https URL on a host the server allows, or an upload reference. */
export const FacePhotoSchema = InputText({
  maxLength: MAX_FACE_PHOTO_TEXT_LENGTH,
  description: 'A data:image/jpeg|png|webp;base64 URL, an https URL on an allow-listed host, or the tessera-upload:<id> of /api/v3/upload-face-photo',
});

/** POST /api/v3/upload-face-photo (Tessera's own): the photo as a `data:image/jpeg|png|webp;base64,` URL. */
export const UploadFacePhotoDtoSchema = Type.Object(
  { photo: InputText({ maxLength: MAX_FACE_PHOTO_TEXT_LENGTH, description: 'A data:image/jpeg|png|webp;base64 URL' }) },
  { additionalProperties: false },
);
export type UploadFacePhotoDto = Static<typeof UploadFacePhotoDtoSchema>;

/** The reference to pass as `photo` (once, by the same user, before it expires). */
export const UploadFacePhotoDataDtoSchema = Type.Object({
  photo: Type.String({ description: 'tessera-upload:<opaque id>: use it as the photo of enroll-factor or face verify' }),
  expiresIn: Type.Integer({ description: 'Seconds until the upload is deleted unused' }),
});
export type UploadFacePhotoDataDto = Static<typeof UploadFacePhotoDataDtoSchema>;
