import { API_CODES, post, type MfaRequiredJSON } from '../api.js';
import type { PageContext } from '../context.js';
import { button, field, form, h, showScreen } from '../dom.js';
import { t } from '../i18n.js';
import { showEnrollFirst } from './enroll-first.js';
import { showMfaStep } from './mfa-step.js';
import { passwordlessButton } from './passkeys.js';

/** Password sign-in (POST /api/v3/signin), then the second factor when the app's policy asks for one. */
export function showSignIn(ctx: PageContext): void {
  ctx.render(() => {
    const account = field(t('account'), { autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' });
    const password = field(t('password'), { type: 'password', autocomplete: 'current-password' });
    showScreen(
      t('signInTitle', { app: ctx.app.name }),
      form([account, password], t('signIn'), () => signIn(ctx, { account: account.input.value.trim(), password: password.input.value }), {
        fieldFor: () => password,
      }),
      passwordlessButton(ctx),
      h('p', { class: 'aside' }, `${t('noAccount')} `, button(t('createAccount'), () => showSignUp(ctx), { class: 'link' })),
    );
  });
}

export async function signIn(ctx: PageContext, credentials: { account: string; password: string }): Promise<void> {
  const answer = await post<MfaRequiredJSON>('/api/v3/signin', { connection: 'PASSWORD', passwordPayload: credentials });
  if (answer.statusCode === 200) return ctx.signedIn();
  if (answer.apiCode === API_CODES.mfaEnrollmentRequired) return showEnrollFirst(ctx, answer.data);
  return showMfaStep(ctx, answer.data);
}

/** Sign-up (POST /api/v3/signup) with an email and a password, then the same sign-in. */
export function showSignUp(ctx: PageContext): void {
  ctx.render(() => {
    const email = field(t('email'), { type: 'email', autocomplete: 'email', autocapitalize: 'none', spellcheck: 'false' });
    const password = field(t('newPassword'), { type: 'password', autocomplete: 'new-password', minlength: 8 });
    showScreen(
      t('signUpTitle'),
      form(
        [email, password],
        t('signUp'),
        async () => {
          const credentials = { email: email.input.value.trim(), password: password.input.value };
          await post('/api/v3/signup', { connection: 'PASSWORD', passwordPayload: credentials });
          await signIn(ctx, { account: credentials.email, password: credentials.password });
        },
        { fieldFor: (apiCode) => (apiCode === 46021 ? password : email) },
      ),
      h('p', { class: 'aside' }, `${t('haveAccount')} `, button(t('backToSignIn'), () => showSignIn(ctx), { class: 'link' })),
    );
  });
}
