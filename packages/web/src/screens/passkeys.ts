import { browserSupportsWebAuthn, startAuthentication, startRegistration } from '@simplewebauthn/browser';
import type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { ApiError, get, post, put, type MfaRequiredJSON, type PasskeyJSON } from '../api.js';
import type { PageContext } from '../context.js';
import { announce, button, field, form, h } from '../dom.js';
import { language, t } from '../i18n.js';

/**
 * Passkeys on the hosted page, through the WebAuthn endpoints the SDKs call (docs/passkeys.md):
 * binding (GET/POST /api/v3/webauthn/registration), the user's list with rename and remove, the sign-in
 * second step (mfa-verify/initialize + /api/v2/mfa/passkey/verify) and passwordless sign-in
 * (GET/POST /api/v3/webauthn/authentication). `@simplewebauthn/browser` turns the server's JSON options
 * into navigator.credentials calls and the credential back into JSON.
 */

export const passkeysSupported = (): boolean => browserSupportsWebAuthn();

/** The browser's refusals (cancelled, timed out, no such passkey) in the page's words; the server's as they are. */
function failureMessage(failure: unknown): string {
  if (failure instanceof ApiError) return failure.message || t('requestFailed');
  const name = (failure as { name?: string; cause?: { name?: string } }).cause?.name ?? (failure as { name?: string }).name;
  if (name === 'NotAllowedError' || name === 'AbortError') return t('passkeyCancelled');
  if (name === 'InvalidStateError') return t('passkeyAlreadyHere');
  return failure instanceof Error && failure.message ? failure.message : t('requestFailed');
}

/** A paragraph that shows one error at a time and is announced when it appears (WCAG 4.1.3). */
function errorLine(): { element: HTMLElement; show(message: string): void; clear(): void } {
  const element = h('p', { class: 'field-error', hidden: true });
  return {
    element,
    show(message) {
      element.textContent = message;
      element.hidden = false;
      element.setAttribute('role', 'alert');
    },
    clear() {
      element.hidden = true;
      element.textContent = '';
      element.removeAttribute('role');
    },
  };
}

/** A button that runs `action` once at a time, its failure announced beside it. */
function actionButton(label: string, action: () => Promise<void>, attributes: Record<string, string> = {}): HTMLElement {
  const error = errorLine();
  const run = button(
    label,
    () => {
      if (run.disabled) return;
      error.clear();
      run.disabled = true;
      run.setAttribute('aria-busy', 'true');
      action()
        .catch((failure: unknown) => {
          error.show(failureMessage(failure));
          run.focus();
        })
        .finally(() => {
          run.disabled = false;
          run.removeAttribute('aria-busy');
        });
    },
    attributes,
  );
  return h('div', { class: 'passkey-action' }, run, error.element);
}

// --- binding ---------------------------------------------------------------------------------------

export interface BindPasskeyOptions {
  /** The enrollment-only mfaToken of a 1636 answer; absent, the page's session cookie. */
  bearer?: string;
  guard?: <T>(action: () => Promise<T>) => Promise<T>;
  onBound(type: string): void;
}

/** Name it, then the browser makes the passkey; the server checks the attestation and binds it. */
export function bindPasskeyPanel(options: BindPasskeyOptions): HTMLElement {
  const guard = options.guard ?? (<T>(action: () => Promise<T>) => action());
  const name = field(t('passkeyName'), { autocomplete: 'off', maxlength: 64, value: defaultPasskeyName() });
  const panel = h('div', { class: 'bind-panel', 'data-factor': 'PASSKEY' }, h('p', {}, t('passkeyIntro')));
  if (!passkeysSupported()) {
    panel.append(h('p', {}, t('passkeyUnsupported')));
    return panel;
  }
  panel.append(
    form([name], t('createPasskey'), async () => {
      try {
        const { data } = await guard(() => get<{ registrationOptions: PublicKeyCredentialCreationOptionsJSON; ticket: string }>('/api/v3/webauthn/registration', options.bearer));
        const registrationCredential = await startRegistration({ optionsJSON: data.registrationOptions });
        const { data: result } = await post<{ verified: boolean }>(
          '/api/v3/webauthn/registration',
          { ticket: data.ticket, registrationCredential, name: name.input.value.trim() },
          options.bearer,
        );
        if (!result.verified) throw new Error(t('passkeyNotVerified'));
      } catch (failure) {
        throw new Error(failureMessage(failure));
      }
      announce(t('bound', { factor: t('factor_PASSKEY') }));
      options.onBound('PASSKEY');
    }),
  );
  return panel;
}

/** A name the person recognises later: the platform they made it on. */
function defaultPasskeyName(): string {
  const platform = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform || navigator.platform || '';
  return platform ? t('passkeyOn', { platform }) : t('factor_PASSKEY');
}

// --- the user's passkeys -----------------------------------------------------------------------------

/** After a change redraws the list, focus would fall to the body: it goes to the list's heading instead. */
async function refreshKeepingFocus(refresh: () => Promise<void>): Promise<void> {
  await refresh();
  const heading = document.getElementById('factors-title');
  if (!heading) return;
  heading.setAttribute('tabindex', '-1');
  heading.focus();
}

/**
 * The passkeys of the PASSKEY factor: name, made, last used, synced or not; rename; remove through the
 * step-up rule of every factor removal; and a form to add another.
 */
export function passkeyList(passkeys: PasskeyJSON[], options: { guard: <T>(action: () => Promise<T>) => Promise<T>; refresh: () => Promise<void> }): HTMLElement {
  const format = (iso: string) => new Date(iso).toLocaleString(language());
  const items = passkeys.map((passkey) => {
    const details = h(
      'p',
      { class: 'passkey-details' },
      t('passkeyCreated', { time: format(passkey.createdAt) }),
      ' · ',
      passkey.lastUsedAt ? t('passkeyLastUsed', { time: format(passkey.lastUsedAt) }) : t('passkeyNeverUsed'),
      ' · ',
      t(passkey.backedUp ? 'passkeySynced' : 'passkeyDeviceBound'),
    );
    const item = h('li', { class: 'passkey', 'data-passkey': passkey.credentialId });
    const path = encodeURIComponent(passkey.credentialId);
    const show = () =>
      item.replaceChildren(
        h('span', { class: 'passkey-name' }, passkey.name),
        details,
        h(
          'div',
          { class: 'actions' },
          button(t('rename'), () => item.replaceChildren(renameForm()), { 'aria-label': t('renameLabel', { name: passkey.name }) }),
          actionButton(
            t('remove'),
            async () => {
              await options.guard(() => post(`/api/v3/webauthn/remove-credential/${path}`, {}));
              announce(t('removed', { factor: passkey.name }));
              await refreshKeepingFocus(options.refresh);
            },
            { 'aria-label': t('removeLabel', { factor: passkey.name }) },
          ),
        ),
      );
    const renameForm = () => {
      const name = field(t('passkeyNewName', { name: passkey.name }), { autocomplete: 'off', maxlength: 64, value: passkey.name });
      const cancel = button(t('cancel'), () => {
        show();
        item.querySelector('button')?.focus();
      });
      const element = form([name], t('save'), async () => {
        await put(`/api/v3/webauthn/credentials/${path}`, { name: name.input.value.trim() });
        announce(t('renamed', { name: name.input.value.trim() }));
        await refreshKeepingFocus(options.refresh);
      }, { extra: [cancel] });
      window.setTimeout(() => name.input.select(), 0);
      return element;
    };
    show();
    return item;
  });
  const another = h('details', { class: 'add-passkey' }, h('summary', {}, t('addPasskey')), bindPasskeyPanel({ guard: options.guard, onBound: () => void refreshKeepingFocus(options.refresh) }));
  return h('div', { class: 'passkeys' }, h('ul', { class: 'passkey-list', 'aria-label': t('factor_PASSKEY') }, ...items), another);
}

// --- signing in ----------------------------------------------------------------------------------------

/** The sign-in second step with a bound passkey (a 1635 offering PASSKEY). */
export function passkeyStep(ctx: PageContext, challenge: MfaRequiredJSON): HTMLElement {
  const bearer = challenge.mfaToken;
  return h(
    'div',
    {},
    h('p', {}, t('passkeyStepIntro')),
    actionButton(
      t('usePasskeyNow'),
      async () => {
        const { data } = await post<{ authenticationOptions: PublicKeyCredentialRequestOptionsJSON; ticket: string }>('/api/v3/webauthn/mfa-verify/initialize', {}, bearer);
        const authenticationCredential = await startAuthentication({ optionsJSON: data.authenticationOptions });
        await post('/api/v2/mfa/passkey/verify', { ticket: data.ticket, authenticationCredential }, bearer);
        ctx.signedIn();
      },
      { class: 'primary' },
    ),
  );
}

/** Passwordless: any discoverable passkey of this app, with user verification (a session at aal2 or more). */
export function passwordlessButton(ctx: PageContext): HTMLElement | null {
  if (!ctx.app.enabledFactors.includes('PASSKEY') || !passkeysSupported()) return null;
  return actionButton(t('signInWithPasskey'), async () => {
    const { data } = await get<{ authenticationOptions: PublicKeyCredentialRequestOptionsJSON; ticket: string }>('/api/v3/webauthn/authentication');
    const authenticationCredential: AuthenticationResponseJSON = await startAuthentication({ optionsJSON: data.authenticationOptions });
    const { data: result } = await post<{ verified: boolean }>('/api/v3/webauthn/authentication', { ticket: data.ticket, authenticationCredential });
    if (!result.verified) throw new Error(t('passkeyNotVerified'));
    ctx.signedIn();
  });
}
