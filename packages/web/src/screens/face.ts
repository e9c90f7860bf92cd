import { post, type MfaRequiredJSON } from '../api.js';
import type { PageContext } from '../context.js';
import { field, form, h, type Field } from '../dom.js';
import { t } from '../i18n.js';

/**
 * FACE on the hosted page (docs/face.md): a photo taken or chosen in the browser, sent as a `data:` URL
 * through the calls the SDKs make — send-enroll-factor-request + enroll-factor to bind it, and
 * /api/v2/mfa/face/verify as the sign-in second step. Face is a convenience factor, never the only one
 * (BIO-01): the server refuses a face without another factor (1703) and the page says so first.
 */

/** The longest side a photo is sent at: enough for a face, well under the server's photo size limit. */
const LONGEST_SIDE = 1280;

/** A file input that opens the front camera on a phone and the file picker elsewhere. */
function photoField(label: string): Field {
  return field(label, { type: 'file', accept: 'image/*', capture: 'user', class: 'photo-input' });
}

/**
 * The chosen photo as a JPEG `data:` URL, scaled down so a phone camera's picture stays small; a format
 * the browser cannot draw is sent as it is (the server then says whether it is usable).
 */
async function photoDataUrl(input: HTMLInputElement): Promise<string> {
  const file = input.files?.[0];
  if (!file) throw new Error(t('facePhotoMissing'));
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, LONGEST_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    return canvas.toDataURL('image/jpeg', 0.9);
  } catch {
    return readAsDataUrl(file);
  }
}

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error(t('requestFailed')));
    reader.readAsDataURL(file);
  });
}

/**
 * Binding a face: the photo, then both enrolment calls at once (the enrolment token needs no code).
 * `hasOtherFactor` false shows why it cannot be bound yet instead of a form the server would refuse.
 */
export function bindFacePanel(options: {
  hasOtherFactor: boolean;
  start(): Promise<{ data: { enrollmentToken: string } }>;
  confirm(enrollmentToken: string, enrollmentData: Record<string, string>): Promise<void>;
}): HTMLElement {
  const panel = h('div', { class: 'bind-panel', 'data-factor': 'FACE' }, h('p', {}, t('faceIntro')));
  if (!options.hasOtherFactor) {
    panel.append(h('p', { class: 'notice' }, t('faceNeedsAnother')));
    return panel;
  }
  const photo = photoField(t('facePhoto'));
  panel.append(
    form([photo], t('faceBind'), async () => {
      const image = await photoDataUrl(photo.input);
      const { data } = await options.start();
      await options.confirm(data.enrollmentToken, { photo: image });
    }),
  );
  return panel;
}

/** The sign-in second step with a bound face (a 1635 with `faceMfaEnabled`). */
export function faceStep(ctx: PageContext, challenge: MfaRequiredJSON): HTMLElement {
  const photo = photoField(t('facePhoto'));
  return h(
    'div',
    {},
    h('p', {}, t('faceStepIntro')),
    form([photo], t('verify'), async () => {
      await post('/api/v2/mfa/face/verify', { photo: await photoDataUrl(photo.input) }, challenge.mfaToken);
      ctx.signedIn();
    }),
  );
}
