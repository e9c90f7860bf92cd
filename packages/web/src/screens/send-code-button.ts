import { announce, h, type Field } from '../dom.js';
import { t } from '../i18n.js';

/** One code per destination per this many seconds (the server's send interval; it refuses earlier ones). */
const RESEND_SECONDS = 60;

/**
 * "Send code" beside an address field: checks the field is filled, sends, announces it, moves focus to
 * the code field and counts down to the next send; a failure lands on the address field. Placed right
 * after the address, in reading and tab order.
 */
export function placeSendCodeButton(address: Field, code: Field, send: (address: string) => Promise<void>): void {
  const sendButton = h('button', { type: 'button' }, t('sendCode'));
  sendButton.addEventListener('click', () => {
    address.clearError();
    const value = address.input.value.trim();
    const label = address.wrapper.querySelector('label')?.textContent ?? '';
    if (!value) return address.showError(t('required', { label }));
    sendButton.disabled = true;
    send(value)
      .then(() => {
        code.wrapper.hidden = false;
        announce(t('codeSent'));
        startCountdown(sendButton);
        code.input.focus();
      })
      .catch((failure: Error) => {
        sendButton.disabled = false;
        address.showError(failure.message || t('requestFailed'));
      });
  });
  address.wrapper.after(h('div', { class: 'actions' }, sendButton));
}

/** Disables resending for the send interval, saying how long is left. */
function startCountdown(sendButton: HTMLButtonElement): void {
  let left = RESEND_SECONDS;
  sendButton.disabled = true;
  sendButton.textContent = t('resendIn', { seconds: left });
  const timer = window.setInterval(() => {
    left -= 1;
    if (!sendButton.isConnected) return window.clearInterval(timer);
    if (left > 0) {
      sendButton.textContent = t('resendIn', { seconds: left });
      return;
    }
    window.clearInterval(timer);
    sendButton.disabled = false;
    sendButton.textContent = t('resend');
  }, 1000);
}
