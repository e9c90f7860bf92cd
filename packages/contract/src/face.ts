import { InputText } from './input-text.js';

/**
 * The longest `photo` a request may carry: a `data:` URL of an image up to the server's face photo size
 * limit (base64 grows it by a third). The server checks the decoded size against its own setting.
 */
export const MAX_FACE_PHOTO_TEXT_LENGTH = 8_000_000;

/** A face photo: a `data:image/…;base64,` URL, or an https URL on a host the server allows. */
export const FacePhotoSchema = InputText({
  maxLength: MAX_FACE_PHOTO_TEXT_LENGTH,
  description: 'A data:image/jpeg|png|webp;base64 URL, or an https URL on an allow-listed host',
});
