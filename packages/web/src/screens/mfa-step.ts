import { post, type MfaRequiredJSON } from '../api.js';
import type { PageContext } from '../context.js';
import { codeField, field, form, h, showScreen, type Field } from '../dom.js';
import { t, type MessageKey } from '../i18n.js';
import { faceStep } from './face.js';
import { passkeyStep } from './passkeys.js';
import { showRecoveryCode } from './recovery-code.js';
import { placeSendCodeButton } from './send-code-button.js';

type Method = 'PASSKEY' | 'OTP' | 'EMAIL' | 'SMS' | 'FACE' | 'RECOVERY';

const METHOD_LABEL: Record<Method, MessageKey> = { PASSKEY: 'usePasskey', OTP: 'useOtp', EMAIL: 'useEmail', SMS: 'useSms', FACE: 'useFace', RECOVERY: 'useRecovery' };

/** Whether the 1635 offers a method: FACE only while `faceMfaEnabled` (BIO-02 may have disabled it). */
function offered(challenge: MfaRequiredJSON, bound: string[], method: Method): boolean {
  if (method === 'FACE') return challenge.faceMfaEnabled === true;
  return bound.includes(method) || (method === 'OTP' && challenge.totpMfaEnabled);
}

/**
 * The second step of a sign-in (1635): the factors the user bound, each redeemed once at its V2 endpoint
 * with the mfaToken; `fresh` after a 1636 binding (the code that confirmed it is spent).
 */
export function showMfaStep(ctx: PageContext, challenge: MfaRequiredJSON, options: { preferred?: string; fresh?: boolean } = {}): void {
  const bound = challenge.applicationMfa.filter((m) => m.status === 1).sort((a, b) => a.sort - b.sort).map((m) => m.mfaPolicy);
  // FACE after the others: a convenience factor is never the one chosen by default.
  const methods: Method[] = (['PASSKEY', 'OTP', 'EMAIL', 'SMS', 'FACE'] as const).filter((m) => offered(challenge, bound, m));
  if (methods.includes('OTP')) methods.push('RECOVERY');
  let chosen: Method = (methods.find((m) => m === options.preferred) ?? methods[0] ?? 'OTP') as Method;

  ctx.render(() => {
    const panel = h('div', { class: 'method-panel' });
    const choices = methods.length > 1
      ? h(
          'fieldset',
          { class: 'methods' },
          h('legend', {}, t('methods')),
          ...methods.map((method) => {
            const id = `method-${method}`;
            const radio = h('input', { type: 'radio', name: 'method', id, value: method, checked: method === chosen });
            radio.addEventListener('change', () => {
              chosen = method;
              draw();
            });
            return h('div', { class: 'choice' }, radio, h('label', { for: id }, t(METHOD_LABEL[method])));
          }),
        )
      : null;
    const draw = () => panel.replaceChildren(methodForm(ctx, challenge, chosen, Boolean(options.fresh)));
    showScreen(t('mfaTitle'), h('p', {}, t('mfaIntro')), choices, panel);
    draw();
  });
}

function methodForm(ctx: PageContext, challenge: MfaRequiredJSON, method: Method, fresh: boolean): HTMLElement {
  const bearer = challenge.mfaToken;
  switch (method) {
    case 'PASSKEY':
      return passkeyStep(ctx, challenge);
    case 'FACE':
      return faceStep(ctx, challenge);
    case 'OTP': {
      const code = codeField(t(fresh ? 'nextOtpCode' : 'otpCode'));
      return form([code], t('verify'), async () => {
        await post('/api/v2/mfa/totp/verify', { totp: code.input.value.trim() }, bearer);
        ctx.signedIn();
      });
    }
    case 'RECOVERY': {
      const code = field(t('recoveryCode'), { autocomplete: 'off', spellcheck: 'false', autocapitalize: 'none' });
      return form([code], t('verify'), async () => {
        const answer = await post('/api/v2/mfa/totp/recovery', { recoveryCode: code.input.value.trim() }, bearer);
        // The used code is void: the new one is shown once before going on.
        if (answer.recoveryCode) showRecoveryCode(ctx, answer.recoveryCode, () => ctx.signedIn());
        else ctx.signedIn();
      });
    }
    case 'EMAIL':
    case 'SMS':
      return outOfBandForm(ctx, challenge, method);
  }
}

/** Email or SMS: type the full address the masked one hides, get a code (with a resend countdown), type it. */
function outOfBandForm(ctx: PageContext, challenge: MfaRequiredJSON, method: 'EMAIL' | 'SMS'): HTMLElement {
  const bearer = challenge.mfaToken;
  const isEmail = method === 'EMAIL';
  const masked = isEmail ? challenge.mfaEmail : `${challenge.mfaPhoneCountryCode ?? ''} ${challenge.mfaPhone ?? ''}`.trim();
  const address: Field = isEmail
    ? field(t('fullEmail'), { type: 'email', autocomplete: 'email', autocapitalize: 'none', spellcheck: 'false' })
    : field(t('fullPhone'), { type: 'tel', autocomplete: 'tel' });
  const code = codeField(t(isEmail ? 'emailCode' : 'smsCode'));
  const body = (value: string): Record<string, string> =>
    isEmail ? { email: value } : { phoneNumber: value, ...(challenge.mfaPhoneCountryCode ? { phoneCountryCode: challenge.mfaPhoneCountryCode } : {}) };
  const verifyForm = form(
    [address, code],
    t('verify'),
    async () => {
      const value = address.input.value.trim();
      const path = isEmail ? '/api/v2/applications/mfa/email/verify' : '/api/v2/applications/mfa/sms/verify';
      await post(path, isEmail ? { email: value, code: code.input.value.trim() } : { phone: value, code: code.input.value.trim() }, bearer);
      ctx.signedIn();
    },
    { extra: [] },
  );
  placeSendCodeButton(address, code, async (value) => {
    await post(isEmail ? '/api/v3/send-email' : '/api/v3/send-sms', { channel: 'CHANNEL_VERIFY_MFA', ...body(value) }, bearer);
  });
  return h('div', {}, masked ? h('p', {}, t('codeSentTo', { destination: masked })) : null, verifyForm);
}
