import { post, type EnrollmentStartJSON } from '../api.js';
import { announce, codeField, field, form, h, secretBox } from '../dom.js';
import { factorName, t } from '../i18n.js';
import { bindFacePanel } from './face.js';
import { bindPasskeyPanel } from './passkeys.js';
import { placeSendCodeButton } from './send-code-button.js';

export interface BindOptions {
  /** The enrollment-only mfaToken of a 1636 answer; absent, the page's session cookie. */
  bearer?: string;
  /** Runs step-up first when the server asks for a fresh second factor. */
  guard?: <T>(action: () => Promise<T>) => Promise<T>;
  /** FACE only: whether a factor other than FACE is bound already (BIO-01: a face never stands alone). */
  otherFactorBound?: boolean;
  onBound(type: string): void;
}

/**
 * Binding one factor through the V3 API: send-enroll-factor-request, then enroll-factor with the code.
 * TOTP shows the QR code, the key as text and the recovery code (once); email and SMS send a code first;
 * FACE sends a photo (face.ts).
 */
export function bindFactorPanel(type: string, options: BindOptions): HTMLElement {
  if (type === 'PASSKEY') return bindPasskeyPanel(options);
  const panel = h('div', { class: 'bind-panel', 'data-factor': type });
  const guard = options.guard ?? (<T>(action: () => Promise<T>) => action());
  const start = (profile: Record<string, string>) =>
    guard(() => post<EnrollmentStartJSON>('/api/v3/send-enroll-factor-request', { factorType: type, profile }, options.bearer));
  const confirmWith = async (enrollmentToken: string, enrollmentData: Record<string, string>) => {
    await guard(() => post('/api/v3/enroll-factor', { enrollmentToken, factorType: type, enrollmentData }, options.bearer));
    announce(t('bound', { factor: factorName(type) }));
    options.onBound(type);
  };
  const confirm = (enrollmentToken: string, passCode: string) => confirmWith(enrollmentToken, { passCode });
  if (type === 'FACE') return bindFacePanel({ hasOtherFactor: Boolean(options.otherFactorBound), start: () => start({}), confirm: confirmWith });

  if (type === 'OTP') {
    const begin = h('button', { type: 'button', class: 'primary' }, t('setUp', { factor: factorName(type) }));
    const error = h('p', { class: 'field-error', hidden: true });
    begin.addEventListener('click', () => {
      begin.disabled = true;
      start({})
        .then(({ data }) => panel.replaceChildren(otpEnrollment(data, confirm)))
        .catch((failure: Error) => {
          begin.disabled = false;
          error.textContent = failure.message || t('requestFailed');
          error.hidden = false;
          error.setAttribute('role', 'alert');
        });
    });
    panel.append(begin, error);
    return panel;
  }
  if (type === 'EMAIL' || type === 'SMS') {
    const isEmail = type === 'EMAIL';
    const address = isEmail
      ? field(t('email'), { type: 'email', autocomplete: 'email', autocapitalize: 'none', spellcheck: 'false' })
      : field(t('phone'), { type: 'tel', autocomplete: 'tel' });
    const code = codeField(t(isEmail ? 'emailCode' : 'smsCode'));
    code.wrapper.hidden = true;
    let enrollmentToken = '';
    const confirmForm = form([address, code], t('confirm'), () => confirm(enrollmentToken, code.input.value.trim()));
    placeSendCodeButton(address, code, async (value) => {
      const { data } = await start(isEmail ? { email: value } : { phoneNumber: value });
      enrollmentToken = data.enrollmentToken;
    });
    panel.append(confirmForm);
    return panel;
  }
  panel.append(h('p', {}, t('notAvailable')));
  return panel;
}

function otpEnrollment(data: EnrollmentStartJSON, confirm: (token: string, code: string) => Promise<void>): HTMLElement {
  const otp = data.otpData!;
  const secret = new URL(otp.qrCodeUri).searchParams.get('secret') ?? '';
  const code = codeField(t('otpCode'));
  const body = h(
    'div',
    { class: 'otp-enrollment' },
    h('p', {}, t('otpScan')),
    h('img', { src: otp.qrCodeDataUrl, alt: t('qrAlt'), width: 200, height: 200, class: 'qr' }),
    secretBox(t('secretKey'), secret.replace(/(.{4})/g, '$1 ').trim()),
    h('p', { class: 'notice' }, t('recoveryShownOnce')),
    secretBox(t('recoveryCodeLabel'), otp.recoveryCode, 'tessera-recovery-code.txt'),
    form([code], t('confirm'), () => confirm(data.enrollmentToken, code.input.value.trim())),
  );
  window.setTimeout(() => code.input.focus(), 0);
  return body;
}
