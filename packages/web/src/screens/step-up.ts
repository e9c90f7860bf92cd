import { API_CODES, ApiError, post } from '../api.js';
import { codeField, form, h } from '../dom.js';
import { t } from '../i18n.js';

/**
 * Runs an action; when the server answers that it needs a fresh second factor (STEP_UP_REQUIRED), asks
 * for the authenticator code in a dialog (POST /api/v3/mfa-totp-verify), then runs the action again.
 */
export async function withStepUp<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (!(error instanceof ApiError) || error.apiCode !== API_CODES.stepUpRequired) throw error;
    await promptStepUp(error.message);
    return action();
  }
}

function promptStepUp(reason: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const opener = document.activeElement as HTMLElement | null;
    const code = codeField(t('otpCode'));
    const dialog = h('dialog', { class: 'step-up', 'aria-labelledby': 'step-up-title' });
    const close = () => {
      dialog.close();
      dialog.remove();
      opener?.focus();
    };
    const cancel = h('button', { type: 'button' }, t('cancel'));
    cancel.addEventListener('click', () => {
      close();
      reject(new ApiError(403, API_CODES.stepUpRequired, reason));
    });
    dialog.addEventListener('cancel', () => reject(new ApiError(403, API_CODES.stepUpRequired, reason)));
    dialog.append(
      h('h2', { id: 'step-up-title' }, t('stepUpTitle')),
      h('p', {}, t('stepUpIntro')),
      form(
        [code],
        t('verify'),
        async () => {
          await post('/api/v3/mfa-totp-verify', { totp: code.input.value.trim() });
          close();
          resolve();
        },
        { extra: [cancel] },
      ),
    );
    document.body.append(dialog);
    // A modal dialog traps focus and Escape closes it (WCAG 2.1.2 no keyboard trap: Escape leaves).
    dialog.showModal();
    code.input.focus();
  });
}
